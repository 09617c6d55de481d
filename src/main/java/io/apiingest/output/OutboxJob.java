package io.apiingest.output;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Map;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.ObjectWriter;
import io.apiingest.flow.ChainResume;
import io.apiingest.flow.FetchOutcome;
import io.apiingest.flow.FetchRequest;
import io.apiingest.flow.IncompleteInputException;
import io.apiingest.flow.OriginTally;
import io.apiingest.flow.PageEnd;
import io.apiingest.flow.RecordKey;
import io.apiingest.metrics.IngestMetrics.FileMeters;

/**
 * One input file while it is processed: its ledger (what is recorded, when it is complete), its record sink, and
 * the counts for the summary. Records arrive from many fetch threads at once; the job lets one in at a time.
 */
final class OutboxJob {

    private final InputIdentity input;
    private final Path dir;
    private final RecordSink sink;
    private final ObjectWriter json;
    private final FileLedger ledger = new FileLedger();
    private final JobStatistics statistics = new JobStatistics();
    private final FileMeters meters;
    /** Input lines whose every record is written, by how they ended. */
    private long succeeded;
    private long failed;
    /** Error records, item records, pages done, and chains cut at max-pages (the ledger counts all records). */
    private long errors;
    private long items;
    private long pages;
    private long truncated;
    /** URL lines in the input as a quick pre-scan counts them, for progress; -1 until known. */
    private volatile long estimatedLines = -1;
    /** When this run opened the job, and how many records an earlier run had left: the first progress rate. */
    private final long openedNanos = System.nanoTime();
    private long recordedAtOpen;
    /** The first write that failed: the job takes no more records, and its file fails at the end. */
    private volatile IOException broken;
    private boolean awaitingEveryLine;

    private OutboxJob(InputIdentity input, Path dir, RecordSink sink, ObjectWriter json, FileMeters meters) {
        this.input = input;
        this.dir = dir;
        this.sink = sink;
        this.json = json;
        this.meters = meters;
    }

    /** A new, empty folder for the input. */
    static OutboxJob create(Path dir, InputIdentity input, RecordSink sink, ObjectWriter json, FileMeters meters)
            throws IOException {
        Path temporary = dir.resolve(InputIdentity.FILE_NAME + ".tmp");
        Files.write(temporary, json.writeValueAsBytes(input));
        Files.move(temporary, dir.resolve(InputIdentity.FILE_NAME), StandardCopyOption.ATOMIC_MOVE);
        return resume(dir, input, sink, json, meters);
    }

    /** Takes up a folder an earlier run left unfinished, with the records its sink already holds. */
    static OutboxJob resume(Path dir, InputIdentity input, RecordSink sink, ObjectWriter json, FileMeters meters)
            throws IOException {
        OutboxJob job = new OutboxJob(input, dir, sink, json, meters);
        synchronized (job) {
            sink.alreadyRecorded(job::takeUp, job::takeUp);
            job.recordedAtOpen = job.succeeded + job.failed;
            sink.open();
        }
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

    synchronized long pagesCount() {
        return pages;
    }

    synchronized long itemsCount() {
        return items;
    }

    synchronized long failedCount() {
        return failed;
    }

    /** The exact number of URL lines once the input is read to the end, else the pre-scan's count, else -1. */
    synchronized long totalLines() {
        return ledger.isInputRead() ? ledger.inputLines() : estimatedLines;
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

    /** Whether the line needs nothing more: the intake does not hand it out again. */
    synchronized boolean isFinished(long line) {
        return ledger.isFinished(line);
    }

    /** Whether an earlier run left a page of a chain done. */
    synchronized boolean hasChains() {
        return pages > 0;
    }

    /** Where an earlier run left the line's chain of pages: its next page, or null. */
    synchronized ChainResume nextPage(long line) {
        return ledger.nextPage(line);
    }

    /**
     * Writes the outcome unless its key is already recorded (a line fetched twice, a page fetched again after a
     * restart, an item of a page cut mid-stream and fetched again). A line's only record finishes it; so does a
     * page that failed for good, which ends its chain. A fetched page or an item leaves its line open until the
     * page is done ({@link #pageDone}).
     */
    synchronized void record(FetchOutcome outcome) throws IOException {
        RecordKey key = outcome.key();
        if (ledger.isRecorded(key)) {
            return;
        }
        sink.record(outcome);
        ledger.record(key);
        SummaryFile.prepare(json);
        boolean fetched = outcome instanceof FetchOutcome.Fetched;
        meters.written(fetched);
        noteRecord(key, !fetched);
        if (key.isWholeLine()) {
            addStatistics(outcome);
            countLine(fetched);
        } else if (!fetched && key.hasItem()) {
            ledger.itemFailed(key.line()); // the line ends as failed when its chain does
        } else if (!fetched && !ledger.isFinished(key.line())) {
            // a page failed for good: its chain ends with its error record
            addStatistics(outcome);
            ledger.finished(key.line());
            countLine(false);
            notifyAll();
        }
    }

    /**
     * Ends the line, unless it is finished, with an error record where its chain has got to, with no status and
     * attempts 0 (its attempts were made elsewhere); a record that comes for it later is dropped as held.
     *
     * @param firstPage the page the line's chain begins at; 0 for a line without pages
     */
    synchronized void endLine(FetchRequest request, int firstPage, String error) throws IOException {
        if (!ledger.isFinished(request.line())) {
            record(new FetchOutcome.Failed(ledger.closingKey(request.line(), firstPage), request, null, 0, error));
        }
    }

    /**
     * A page of a chain is done: journaled, then the line either goes on (the file cannot complete before its
     * next page) or is finished and counts as succeeded. A page done twice (a retry racing a restart) counts once.
     */
    synchronized void pageDone(PageEnd end) throws IOException {
        if (ledger.isFinished(end.line()) || ledger.isPageDone(end.line(), end.page())) {
            return;
        }
        sink.pageDone(end);
        notePage(end);
        if (end.endsChain()) {
            notifyAll();
        }
    }

    private void notePage(PageEnd end) {
        ledger.pageDone(end.line(), end.page());
        countPage(end);
        if (end.endsChain()) {
            ledger.finished(end.line());
            countLine(!ledger.hasFailedItems(end.line()));
        } else {
            ledger.moreToCome(end.line(), end.next());
        }
    }

    private void countPage(PageEnd end) {
        pages++;
        if (end.truncated()) {
            truncated++;
        }
        statistics.add(end.status(), end.attempts(), end.elapsedMs());
    }

    private void noteRecord(RecordKey key, boolean error) {
        if (error) {
            errors++;
        }
        if (key.hasItem() && !error) {
            items++;
        }
    }

    private void addStatistics(FetchOutcome outcome) {
        if (outcome instanceof FetchOutcome.Fetched fetched) {
            statistics.add(fetched.status(), fetched.attempts(), fetched.elapsedMs());
        } else {
            FetchOutcome.Failed failure = (FetchOutcome.Failed) outcome;
            statistics.add(failure.status(), failure.attempts(), null);
        }
    }

    private void countLine(boolean success) {
        if (success) {
            succeeded++;
        } else {
            failed++;
        }
        if (awaitingEveryLine) {
            notifyAll();
        }
    }

    /**
     * Waits until no line of the file has a next page on its way, or {@code stopped} says the run is ending, or
     * the output broke; the fetch threads that end the chains wake it.
     */
    synchronized void awaitChains(BooleanSupplier stopped) {
        awaitLines(false, stopped);
    }

    /**
     * The same, and with {@code everyLine} until every line of the file is finished: when the records come from
     * elsewhere (Kafka workers), the split's end says only that every request was handed off.
     */
    synchronized void awaitLines(boolean everyLine, BooleanSupplier stopped) {
        awaitingEveryLine = everyLine;
        try {
            while ((ledger.hasMoreToCome() || everyLine && !ledger.isComplete()) && broken == null
                    && !stopped.getAsBoolean()) {
                wait(200);
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
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
        ledger.inputRead(urlLines);
    }

    /** Once the ledger says the file is complete: completes the sink, then writes the summary, the job's last act. */
    synchronized FileSummary finish(boolean deadlineExceeded, Map<String, OriginTally.Figures> origins)
            throws IOException {
        if (!ledger.isInputRead()) {
            throw new IncompleteInputException(input.file() + ": stopped before the end of the input, after "
                    + recordedCount() + " records; the next run resumes it");
        }
        long lines = ledger.inputLines();
        if (!ledger.isComplete()) {
            throw new IncompleteInputException(input.file() + ": " + lines + " URL lines, "
                    + ledger.finishedLines() + " finished; the next run resumes it");
        }
        sink.complete();
        long finishedAt = System.currentTimeMillis();
        long durationMs = finishedAt - input.startedAt();
        double urlsPerSecond = durationMs == 0 ? lines : Math.round(lines * 10_000.0 / durationMs) / 10.0;
        FileSummary summary = new FileSummary(input.file(), lines, succeeded, failed, ledger.records(), errors,
                pages, items, truncated, deadlineExceeded, durationMs,
                Instant.ofEpochMilli(input.startedAt()).toString(), Instant.ofEpochMilli(finishedAt).toString(),
                statistics.retries(), statistics.statusCounts(), statistics.latency(), urlsPerSecond, origins);
        SummaryFile.write(dir, summary, json);
        return summary;
    }

    /** Closes the sink after a stop or a failure; what was written stays for the next run to resume. */
    synchronized void abandon() {
        sink.abandon();
    }

    /** A record an earlier run wrote: its key is done, and it counts in the summary. */
    private void takeUp(RecordHead record) {
        RecordKey key = record.key();
        try {
            ledger.takeUp(key);
        } catch (IllegalStateException twice) {
            throw new IllegalStateException(dir + ": " + twice.getMessage(), twice);
        }
        noteRecord(key, record.failed());
        if (record.failed() && key.hasItem() && ledger.itemFailed(key.line()) && ledger.isFinished(key.line())) {
            // the journal had finished the line as succeeded: an item of it failed
            succeeded--;
            failed++;
        }
        if (key.isWholeLine() || record.failed() && !key.hasItem()) {
            // a line's only record, or a page that failed for good, which ended its chain
            statistics.add(record.status(), record.attempts(), record.failed() ? null : record.elapsedMs());
            if (!ledger.isFinished(key.line()) || key.isWholeLine()) {
                ledger.finished(key.line());
                countLine(!record.failed());
            }
        }
    }

    /**
     * A page an earlier run journaled as done: it counts, and its chain goes on after it or ended with it. (The
     * records come first: a chain a failed page ended is finished already, and only its count is taken up.)
     */
    private void takeUp(PageEnd end) {
        if (ledger.isFinished(end.line())) {
            countPage(end);
        } else if (!ledger.isPageDone(end.line(), end.page())) {
            notePage(end);
        }
    }
}
