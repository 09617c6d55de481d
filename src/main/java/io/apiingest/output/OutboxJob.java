package io.apiingest.output;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.BitSet;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.apiingest.flow.FetchOutcome;
import io.apiingest.flow.IncompleteInputException;
import io.apiingest.metrics.IngestMetrics.FileMeters;

/**
 * The output folder of one input file while it is processed: successes into part files, failures into
 * errors.jsonl, and the counts for the summary. Records arrive from many fetch threads at once.
 *
 * <p>The record files are the journal: every record reaches the operating system as it is written, so after a
 * crash {@link #resume} reads back which lines are done, and those are neither fetched nor written again.
 */
final class OutboxJob {

    static final String ERRORS = "errors.jsonl";
    static final String OPEN_ERRORS = "." + ERRORS + ".tmp";
    static final String SUMMARY = "_SUMMARY.json";

    private final InputIdentity input;
    private final Path dir;
    private final ObjectWriter json;
    private final PartFileWriter parts;
    private final Path errorsTemporary;
    private final BitSet recorded = new BitSet();
    private final JobStatistics statistics = new JobStatistics();
    private final FileMeters meters;
    private FileOutputStream errorsFile;
    private OutputStream errors;
    private long succeeded;
    private long failed;
    private long expected = -1;
    /** URL lines in the input as a quick pre-scan counts them, for progress; -1 until known. */
    private volatile long estimatedLines = -1;
    /** When this run opened the job, and how many records an earlier run had left: the first progress rate. */
    private final long openedNanos = System.nanoTime();
    private long recordedAtOpen;
    /** The first write that failed: the job takes no more records, and its file fails at the end. */
    private volatile IOException broken;

    private OutboxJob(InputIdentity input, Path dir, int batchSize, ObjectWriter json, FileMeters meters) {
        this.input = input;
        this.meters = meters;
        this.dir = dir;
        this.json = json;
        this.parts = new PartFileWriter(dir, batchSize);
        this.errorsTemporary = dir.resolve(OPEN_ERRORS);
    }

    /** A new, empty folder for the input. */
    static OutboxJob create(Path dir, InputIdentity input, int batchSize, ObjectWriter json, FileMeters meters)
            throws IOException {
        OutboxJob job = new OutboxJob(input, dir, batchSize, json, meters);
        Path temporary = dir.resolve(InputIdentity.FILE_NAME + ".tmp");
        Files.write(temporary, json.writeValueAsBytes(input));
        Files.move(temporary, dir.resolve(InputIdentity.FILE_NAME), StandardCopyOption.ATOMIC_MOVE);
        job.openErrors();
        return job;
    }

    /** Takes up a folder an earlier run left unfinished, with the records it already holds. */
    static OutboxJob resume(Path dir, InputIdentity input, int batchSize, ObjectWriter json, FileMeters meters)
            throws IOException {
        OutboxJob job = new OutboxJob(input, dir, batchSize, json, meters);
        int lastPart = 0;
        Path openPart = null;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                int number = PartFileWriter.partNumber(name);
                if (number < 0) {
                    continue;
                }
                if (PartFileWriter.OPEN_PART.matcher(name).matches()) {
                    openPart = file;
                } else {
                    job.succeeded += JsonLinesFile.readRecords(file, job::takeUp);
                }
                lastPart = Math.max(lastPart, number);
            }
        }
        int linesInOpenPart = 0;
        if (openPart != null) {
            JsonLinesFile.cutTornLine(openPart);
            linesInOpenPart = JsonLinesFile.readRecords(openPart, job::takeUp);
            job.succeeded += linesInOpenPart;
            lastPart = PartFileWriter.partNumber(openPart.getFileName().toString()) - 1;
        }
        Path completedErrors = dir.resolve(ERRORS);
        if (!Files.exists(job.errorsTemporary) && Files.exists(completedErrors)) {
            // stopped between completing errors.jsonl and writing the summary: take it up again
            Files.move(completedErrors, job.errorsTemporary, StandardCopyOption.ATOMIC_MOVE);
        }
        if (Files.exists(job.errorsTemporary)) {
            JsonLinesFile.cutTornLine(job.errorsTemporary);
            job.failed += JsonLinesFile.readRecords(job.errorsTemporary, job::takeUp);
        }
        job.parts.resume(lastPart, openPart, linesInOpenPart);
        job.recordedAtOpen = job.succeeded + job.failed;
        job.openErrors();
        return job;
    }

    Path dir() {
        return dir;
    }

    FileMeters meters() {
        return meters;
    }

    String inputName() {
        return input.file();
    }

    synchronized long recordedCount() {
        return succeeded + failed;
    }

    synchronized long failedCount() {
        return failed;
    }

    /** The exact number of URL lines once the input is read to the end, else the pre-scan's count, else -1. */
    synchronized long totalLines() {
        return expected >= 0 ? expected : estimatedLines;
    }

    long openedNanos() {
        return openedNanos;
    }

    synchronized long recordedAtOpen() {
        return recordedAtOpen;
    }

    void estimate(long urlLines) {
        estimatedLines = urlLines;
    }

    synchronized boolean isRecorded(long line) {
        return recorded.get(Math.toIntExact(line));
    }

    void record(FetchOutcome outcome) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (JsonGenerator out = json.getFactory().createGenerator(bytes)) {
            outcome.write(out);
        }
        byte[] line = bytes.toByteArray();
        synchronized (this) {
            int index = Math.toIntExact(outcome.line());
            if (recorded.get(index)) {
                return; // a line fetched twice (a retry racing a restart) is still written once
            }
            if (outcome instanceof FetchOutcome.Fetched fetched) {
                parts.append(line);
                succeeded++;
                statistics.add(fetched.status(), fetched.attempts(), fetched.elapsedMs());
            } else {
                FetchOutcome.Failed failure = (FetchOutcome.Failed) outcome;
                errors.write(line);
                errors.write('\n');
                errors.flush();
                failed++;
                statistics.add(failure.status(), failure.attempts(), null);
            }
            recorded.set(index);
            meters.written(outcome instanceof FetchOutcome.Fetched);
        }
    }

    void markBroken(IOException cause) {
        if (broken == null) {
            broken = cause;
        }
    }

    boolean isBroken() {
        return broken != null;
    }

    IOException brokenBy() {
        return broken;
    }

    synchronized void expect(long urlLines) {
        expected = urlLines;
    }

    /** Completes the last part and errors.jsonl, then writes the summary: the job's last act. */
    synchronized FileSummary finish() throws IOException {
        if (expected < 0) {
            throw new IncompleteInputException(input.file() + ": stopped before the end of the input, after "
                    + recordedCount() + " records; the next run resumes it");
        }
        if (recordedCount() != expected) {
            throw new IncompleteInputException(input.file() + ": " + expected + " URL lines, " + recordedCount()
                    + " recorded; the next run resumes it");
        }
        parts.close();
        errors.flush();
        errorsFile.getFD().sync();
        errors.close();
        Files.move(errorsTemporary, dir.resolve(ERRORS), StandardCopyOption.ATOMIC_MOVE);
        long finishedAt = System.currentTimeMillis();
        long durationMs = finishedAt - input.startedAt();
        double urlsPerSecond = durationMs == 0 ? expected : Math.round(expected * 10_000.0 / durationMs) / 10.0;
        FileSummary summary = new FileSummary(input.file(), expected, succeeded, failed, durationMs,
                Instant.ofEpochMilli(input.startedAt()).toString(), Instant.ofEpochMilli(finishedAt).toString(),
                statistics.retries(), statistics.statusCounts(), statistics.latency(), urlsPerSecond);
        Path temporary = dir.resolve("." + SUMMARY + ".tmp");
        try (FileOutputStream out = new FileOutputStream(temporary.toFile())) {
            out.write(json.writeValueAsBytes(summary));
            out.write('\n');
            out.getFD().sync();
        }
        Files.move(temporary, dir.resolve(SUMMARY), StandardCopyOption.ATOMIC_MOVE);
        // a finished folder is never resumed: leave only what readers want
        Files.deleteIfExists(dir.resolve(InputIdentity.FILE_NAME));
        return summary;
    }

    /** Closes the files after a stop or a failure; what was written stays for the next run to resume. */
    synchronized void abandon() {
        parts.abandon();
        try {
            errors.close();
        } catch (IOException ignored) {
            // the records written so far are already with the operating system
        }
    }

    /** A record an earlier run wrote: its line is done, and it counts in the summary. */
    private void takeUp(JsonLinesFile.RecordHead record) {
        markRecorded(record.line());
        statistics.add(record.status(), record.attempts(), record.elapsedMs());
    }

    private void markRecorded(long line) {
        int index = Math.toIntExact(line);
        if (recorded.get(index)) {
            throw new IllegalStateException(dir + " holds line " + line + " twice");
        }
        recorded.set(index);
    }

    private void openErrors() throws IOException {
        errorsFile = new FileOutputStream(errorsTemporary.toFile(), true);
        errors = new BufferedOutputStream(errorsFile, 16 * 1024);
    }
}
