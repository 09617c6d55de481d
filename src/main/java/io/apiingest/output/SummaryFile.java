package io.apiingest.output;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import com.fasterxml.jackson.databind.ObjectWriter;

/** _SUMMARY.json, the last file of a finished job's folder: its presence marks the folder as never to resume. */
final class SummaryFile {

    static final String NAME = "_SUMMARY.json";

    private SummaryFile() {
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
