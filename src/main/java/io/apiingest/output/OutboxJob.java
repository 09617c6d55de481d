package io.apiingest.output;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import com.fasterxml.jackson.databind.ObjectWriter;

/**
 * The output folder of one input file while it is processed: successes into part files, failures into
 * errors.jsonl, and the counts for the summary. Records arrive from many fetch threads at once.
 */
final class OutboxJob {

    static final String ERRORS = "errors.jsonl";
    static final String SUMMARY = "_SUMMARY.json";

    private final String inputName;
    private final Path dir;
    private final ObjectWriter json;
    private final long startedNanos = System.nanoTime();
    private final PartFileWriter parts;
    private final Path errorsTemporary;
    private final FileOutputStream errorsFile;
    private final OutputStream errors;
    private long succeeded;
    private long failed;
    private long expected = -1;

    OutboxJob(String inputName, Path dir, int batchSize, ObjectWriter json) throws IOException {
        this.inputName = inputName;
        this.dir = dir;
        this.json = json;
        this.parts = new PartFileWriter(dir, batchSize);
        this.errorsTemporary = dir.resolve("." + ERRORS + ".tmp");
        this.errorsFile = new FileOutputStream(errorsTemporary.toFile());
        this.errors = new BufferedOutputStream(errorsFile, 16 * 1024);
    }

    Path dir() {
        return dir;
    }

    String inputName() {
        return inputName;
    }

    void record(FetchOutcome outcome) throws IOException {
        byte[] line = json.writeValueAsBytes(outcome);
        synchronized (this) {
            if (outcome instanceof FetchOutcome.Fetched) {
                parts.append(line);
                succeeded++;
            } else {
                errors.write(line);
                errors.write('\n');
                failed++;
            }
        }
    }

    synchronized void expect(long urlLines) {
        expected = urlLines;
    }

    /** Completes the last part and errors.jsonl, then writes the summary: the job's last act. */
    synchronized FileSummary finish() throws IOException {
        if (expected < 0) {
            throw new IllegalStateException(inputName + ": the input was not read to its end; no summary written");
        }
        if (succeeded + failed != expected) {
            throw new IllegalStateException(inputName + ": " + expected + " URL lines were read but "
                    + (succeeded + failed) + " were recorded; the summary is not written");
        }
        long urlLines = expected;
        parts.close();
        errors.flush();
        errorsFile.getFD().sync();
        errors.close();
        Files.move(errorsTemporary, dir.resolve(ERRORS), StandardCopyOption.ATOMIC_MOVE);
        FileSummary summary = new FileSummary(inputName, urlLines, succeeded, failed,
                (System.nanoTime() - startedNanos) / 1_000_000);
        Path temporary = dir.resolve("." + SUMMARY + ".tmp");
        try (FileOutputStream out = new FileOutputStream(temporary.toFile())) {
            out.write(json.writeValueAsBytes(summary));
            out.write('\n');
            out.getFD().sync();
        }
        Files.move(temporary, dir.resolve(SUMMARY), StandardCopyOption.ATOMIC_MOVE);
        return summary;
    }

    /** Closes the files after a failure; what was written stays, and no summary marks the folder unfinished. */
    synchronized void abandon() {
        try {
            parts.close();
        } catch (IOException ignored) {
            // the folder stays unfinished either way
        }
        try {
            errors.close();
        } catch (IOException ignored) {
            // same
        }
    }
}
