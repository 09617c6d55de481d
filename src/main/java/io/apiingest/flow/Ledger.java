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

    /** Told of every request handed out (the lines-read meter). */
    Runnable onEachRequest(String job);
}
