package io.apiingest.output;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.apiingest.flow.OriginTally;

/** _SUMMARY.json, the last file of a finished job's folder: its presence marks the folder as never to resume. */
final class SummaryFile {

    static final String NAME = "_SUMMARY.json";
    private static final AtomicBoolean PREPARED = new AtomicBoolean();

    private SummaryFile() {
    }

    /**
     * Has Jackson build the summary's serializers on a thread of its own, once, while the first file runs (from its
     * first record, not before its first request, which it would slow on two cores): on a cold JVM that took 20 ms,
     * which came after the file's last record, on the way to the exit of a batch run.
     */
    static void prepare(ObjectWriter json) {
        // called for every record: a read, and the compare-and-set only the first time
        if (PREPARED.get() || !PREPARED.compareAndSet(false, true)) {
            return;
        }
        FileSummary sample = new FileSummary("sample.txt", 1, 1, 0, 1, 0, 1, 0, 0, false, 1, "", "", 0,
                Map.of("200", 1L), new FileSummary.Latency(1, 1, 1, 1), 1.0,
                Map.of("http://127.0.0.1", new OriginTally.Figures(1, 0, null)));
        Thread preparing = new Thread(() -> {
            try {
                json.writeValueAsBytes(sample);
            } catch (JsonProcessingException | RuntimeException ignored) {
                // the real summary meets the same problem, and reports it
            }
        }, "summary-serializer");
        preparing.setDaemon(true);
        preparing.start();
    }

    static boolean isIn(Path dir) {
        return Files.exists(dir.resolve(NAME));
    }

    /** Writes the summary whole or not at all, then removes what only a resume would read. */
    static void write(Path dir, FileSummary summary, ObjectWriter json) throws IOException {
        Path temporary = dir.resolve("." + NAME + ".tmp");
        try (FileOutputStream out = new FileOutputStream(temporary.toFile())) {
            out.write(json.writeValueAsBytes(summary));
            out.write('\n');
            out.getFD().sync();
        }
        Files.move(temporary, dir.resolve(NAME), StandardCopyOption.ATOMIC_MOVE);
        Files.deleteIfExists(dir.resolve(InputIdentity.FILE_NAME));
    }
}
