package io.apiingest.flow;

/**
 * A page of a line's chain is done: its record, or every item of it, is written. What fetch tells collect after
 * a page; the ledger journals it, so that a restart continues the chain after it ({@link ChainResume}). Not a
 * record of the output.
 *
 * @param job       the outbox job (folder name) of the line
 * @param line      1-based input line
 * @param page      1-based page that is done
 * @param items     items of the page written as records (0 without ingest.items-path and NDJSON)
 * @param next      where the chain goes on, or null when it ends with this page
 * @param truncated the chain ends here at ingest.paginate.max-pages though the API offered more
 * @param status    the page's HTTP status
 * @param attempts  attempts the page took
 * @param elapsedMs time of its successful attempt
 */
public record PageEnd(String job, long line, int page, long items, ChainResume next, boolean truncated, int status,
                      int attempts, long elapsedMs) {

    /** Whether the chain ends with this page. */
    public boolean endsChain() {
        return next == null;
    }
}
