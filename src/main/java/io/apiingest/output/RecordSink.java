package io.apiingest.output;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

import io.apiingest.flow.FetchOutcome;
import io.apiingest.flow.PageEnd;

/**
 * Where the records of one input file go, after Embulk's {@code OutputPlugin}: what an earlier run left
 * ({@link #alreadyRecorded}), then {@link #open}, {@link #record} per outcome, and either {@link #complete} before
 * the summary is written or {@link #abandon} to leave the output for a later run to resume. The first one writes
 * JSON-lines files ({@link JsonLinesSink}); a database or a Kafka topic would be another beside it.
 *
 * <p>Its job calls it from one thread at a time. The ledger decides what is recorded; a sink writes what it is
 * given and, on resume, reports what it holds, which is how the ledger is rebuilt after a crash.
 */
public interface RecordSink {

    /** Makes the sink of a job, whose folder also holds the ledger's summary. */
    @FunctionalInterface
    interface Factory {
        RecordSink forJob(Path dir);
    }

    /**
     * Called first, once: reports every record an earlier run wrote to this output (none for a new one), after
     * dropping a record a crash left half-written, then every page it journaled as done, in the order they were.
     */
    void alreadyRecorded(Consumer<RecordHead> records, Consumer<PageEnd> pages) throws IOException;

    /** Gets ready to take records, after those already recorded. */
    void open() throws IOException;

    /** Writes one record; when this returns, a killed process does not lose it. */
    void record(FetchOutcome outcome) throws IOException;

    /**
     * Journals that a page of a chain is done, after its records: where the chain goes on. When this returns, a
     * killed process does not lose it; a restart continues the chain after it.
     */
    void pageDone(PageEnd end) throws IOException;

    /** Makes every record durable and visible to readers: the last act before the summary. */
    void complete() throws IOException;

    /** Closes after a stop or a failure; what was written stays for a later run to resume. */
    void abandon();
}
