package io.apiingest.cluster;

import io.apiingest.flow.FetchRequest;
import io.apiingest.flow.FileDeadlines;
import io.apiingest.flow.IncompleteInputException;
import io.apiingest.flow.Ledger;
import io.apiingest.flow.OutboxWriteException;
import io.apiingest.flow.RecordKey;
import io.apiingest.settings.PaginateSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The intake's side of {@code ingest.file-deadline-s} over Kafka. Each request tells its worker when its file's
 * deadline passes, and the worker ends the line there as local fetch does, its records coming back as any. The
 * intake itself ends a line a worker cannot: one the split hands off after the deadline is not published but
 * ended at once, untried; and {@code grace} after the deadline (the time a request in flight has to finish, as in
 * local mode), every line still out gets its {@code deadline exceeded} record here, so that the file completes
 * whether or not a worker is there to answer. A worker's record for such a line that comes later is dropped as held.
 */
final class OverdueLines {

    private static final Logger LOG = LoggerFactory.getLogger(OverdueLines.class);

    private final FileDeadlines deadlines;
    private final Ledger ledger;
    private final LinesInFlight linesInFlight;
    private final PaginateSettings paginate;
    private final long graceMs;

    /** @param paginate the settings' pagination, for a request without its own */
    OverdueLines(FileDeadlines deadlines, Ledger ledger, LinesInFlight linesInFlight, PaginateSettings paginate,
            long graceMs) {
        this.deadlines = deadlines;
        this.ledger = ledger;
        this.linesInFlight = linesInFlight;
        this.paginate = paginate;
        this.graceMs = graceMs;
    }

    /** The instant the file's deadline passes (epoch milliseconds), for its requests to tell; null for none. */
    Long deadlineAt(String job) {
        return deadlines.passesAt(job);
    }

    boolean passed(String job) {
        return deadlines.passed(job);
    }

    /** A line handed off after its file's deadline: ended here, untried, and not published. */
    void endUntried(FetchRequest request) {
        ledger.endLine(request, firstPage(request), FileDeadlines.EXCEEDED);
    }

    /** Ends every line still out of each file whose deadline passed more than the grace ago. */
    void sweep() {
        long now = System.currentTimeMillis();
        for (String job : linesInFlight.jobs()) {
            Long at = deadlines.passesAt(job);
            if (at == null || now - at < graceMs) {
                continue;
            }
            int ended = 0;
            for (FetchRequest line : linesInFlight.outOf(job)) {
                try {
                    ledger.endLine(line, firstPage(line), FileDeadlines.EXCEEDED);
                } catch (IncompleteInputException | OutboxWriteException notNow) {
                    // not open (any more), or its output fails: the file's own run handles that
                    LOG.debug("{}: lines not ended at the deadline: {}", job, notNow.getMessage());
                    break;
                }
                linesInFlight.recorded(job, line.line());
                ended++;
            }
            if (ended > 0) {
                LOG.info("{}: ingest.file-deadline-s passed {} ms ago; {} lines the workers had not finished end with"
                        + " '{}'", job, now - at, ended, FileDeadlines.EXCEEDED);
            }
        }
    }

    /** The page the line's chain begins at (where an earlier run left it), or 0 for a line without pages. */
    private int firstPage(FetchRequest request) {
        PaginateSettings own = request.paginate() != null ? request.paginate() : paginate;
        if (!own.chains()) {
            return RecordKey.NO_PAGE;
        }
        return request.resume() != null && request.defect() == null ? request.resume().page() : 1;
    }
}
