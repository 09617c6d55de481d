package io.apiingest.flow;

import java.util.function.LongFunction;
import java.util.function.LongPredicate;

/**
 * What the intake asks of the output side while it reads a file: which lines an earlier run recorded, whether the
 * output can still take records, and, at the end, how many requests the file held.
 */
public interface Ledger {

    /**
     * Lines of the job that an earlier run already finished (every record of the line written): the intake does not
     * hand them out again.
     */
    LongPredicate alreadyRecorded(String job);

    /**
     * Where an earlier run left the chains of pages of the job's unfinished lines: the next page of a line, or null
     * for a line whose chain starts at its first page.
     */
    LongFunction<ChainResume> chainsToResume(String job);

    /** Whether the job's output failed to take a record: the intake then hands out no further line. */
    boolean isBroken(String job);

    /** Told once the whole input is read: how many requests the job holds. */
    void expect(String job, long requests);

    /** A quick pre-scan's count of the job's requests, shown in progress until the exact count is known. */
    void estimate(String job, long requests);

    /**
     * Ends an unfinished line of the request's job with an error record (no status, attempts 0) where its chain
     * has got to: its only record, or its chain's page in progress; a line already finished stays as it is, and a
     * record that comes for the line later is dropped. For the records the workers cannot give (over Kafka: a
     * file's deadline has passed).
     *
     * @param request   the line's request, as its records show it (its head: no headers or body needed)
     * @param firstPage the page the line's chain begins at; 0 for a line without pages
     * @throws IncompleteInputException when the job is not open
     * @throws OutboxWriteException when the record cannot be written
     */
    void endLine(FetchRequest request, int firstPage, String error);

    /** Told of every request handed out (the lines-read meter). */
    Runnable onEachRequest(String job);
}
