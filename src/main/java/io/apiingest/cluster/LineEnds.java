package io.apiingest.cluster;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

import io.apiingest.flow.FetchOutcome;
import io.apiingest.flow.PageEnd;

/**
 * Which lines a worker has under way, and when each has published its last result: a request's offset may be
 * committed only then, for a chain of pages goes on after the first page's exchange is done. Both sides of the
 * cluster tell a line's end from its results the same way ({@link #endsLine}).
 */
final class LineEnds {

    private final Map<String, CompletableFuture<Void>> underWay = new ConcurrentHashMap<>();

    /**
     * Whether this result is a line's last: its only record, the end of its chain, or the error record of a page
     * that failed for good (which ends the chain). An item's record, and a page's record before its end, are not.
     */
    static boolean endsLine(Object result) {
        if (result instanceof PageEnd end) {
            return end.endsChain();
        }
        if (result instanceof FetchOutcome outcome) {
            return outcome.key().isWholeLine() || outcome instanceof FetchOutcome.Failed && !outcome.key().hasItem();
        }
        return false;
    }

    void begin(String job, long line) {
        underWay.put(Messages.key(job, line), new CompletableFuture<>());
    }

    /** @param key the line's {@link Messages#key} */
    void ended(String key) {
        CompletableFuture<Void> end = underWay.remove(key);
        if (end != null) {
            end.complete(null);
        }
    }

    /**
     * Waits for the line's last result to be published.
     *
     * @return false when {@code giveUp} said so first (a stop): the request is then not done, and not committed
     */
    boolean awaitEnd(String job, long line, BooleanSupplier giveUp) throws InterruptedException {
        CompletableFuture<Void> end = underWay.get(Messages.key(job, line));
        while (end != null) {
            try {
                end.get(100, TimeUnit.MILLISECONDS);
                return true;
            } catch (TimeoutException notYet) {
                if (giveUp.getAsBoolean()) {
                    underWay.remove(Messages.key(job, line));
                    return false;
                }
            } catch (java.util.concurrent.ExecutionException impossible) {
                return true;
            }
        }
        return true;
    }
}
