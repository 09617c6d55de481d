package io.apiingest.cluster;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * {@code ingest.kafka.max-in-flight-lines}: lines the intake has published whose last result it has not yet
 * recorded. The split waits once that many are out, so a 50-million-line file is not published ahead of the
 * workers: the topic and the intake's memory stay bounded. A line counts once, however often its results come
 * (a redelivered request, a restarted intake).
 */
final class LinesInFlight {

    private final Semaphore permits;
    private final Set<String> out = ConcurrentHashMap.newKeySet();

    LinesInFlight(int max) {
        this.permits = new Semaphore(max);
    }

    /** @return false when {@code giveUp} said so before a place was free (a stop) */
    boolean publish(String job, long line, BooleanSupplier giveUp) throws InterruptedException {
        String key = Messages.key(job, line);
        if (out.contains(key)) {
            return true; // published again (a resumed chain): it holds its place already
        }
        while (!permits.tryAcquire(100, TimeUnit.MILLISECONDS)) {
            if (giveUp.getAsBoolean()) {
                return false;
            }
        }
        if (!out.add(key)) {
            permits.release();
        }
        return true;
    }

    /** @param key the line's {@link Messages#key} */
    void recorded(String key) {
        if (out.remove(key)) {
            permits.release();
        }
    }
}
