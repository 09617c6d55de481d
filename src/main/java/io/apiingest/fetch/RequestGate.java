package io.apiingest.fetch;

import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.LockSupport;

/**
 * Holds every HTTP attempt, retries included, to the two global limits as the server counts them: at most
 * {@code concurrency} requests in flight, and at most {@code rate} request starts in any one-second window.
 *
 * <p>Starts are spaced evenly rather than released in per-second bursts, so no sliding window sees more than the
 * rate. The spacing carries a small margin ({@link #JITTER_ALLOWANCE_NANOS}) for the scheduling and network
 * jitter between our start and the server's clock.
 */
public final class RequestGate {

    static final long JITTER_ALLOWANCE_NANOS = 40_000_000L;

    private final Semaphore slots;
    private final long spacingNanos;
    private long nextStartNanos = System.nanoTime();

    /** @param rate request starts per second, 0 for no limit */
    public RequestGate(int concurrency, double rate) {
        this.slots = new Semaphore(concurrency, true);
        this.spacingNanos = rate > 0 ? (long) Math.ceil((1_000_000_000L + JITTER_ALLOWANCE_NANOS) / rate) : 0;
    }

    /** Blocks until this attempt may start: first a concurrency slot, then (holding it) its turn at the rate. */
    public void enter() throws InterruptedException {
        slots.acquire();
        if (spacingNanos == 0) {
            return;
        }
        long startAt = reserveStart();
        long wait;
        while ((wait = startAt - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
            if (Thread.interrupted()) {
                slots.release();
                throw new InterruptedException("interrupted while waiting for the rate limit");
            }
        }
    }

    /** Called when the attempt's response has been read (or the attempt failed). */
    public void leave() {
        slots.release();
    }

    public int inFlight(int concurrency) {
        return concurrency - slots.availablePermits();
    }

    private synchronized long reserveStart() {
        long startAt = Math.max(System.nanoTime(), nextStartNanos);
        nextStartNanos = startAt + spacingNanos;
        return startAt;
    }
}
