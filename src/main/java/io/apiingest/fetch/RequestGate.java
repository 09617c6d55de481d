package io.apiingest.fetch;

import java.io.InterruptedIOException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;

/**
 * Holds every HTTP attempt, retries included, to the two global limits as the server counts them: at most
 * {@code concurrency} requests in flight ({@link #enter}, around the whole attempt), and at most {@code rate}
 * request starts in any one-second window ({@link #awaitStartTurn}, called by the HTTP client itself once the
 * connection is ready, so nothing between the turn and the wire can bunch requests up; redirects count too).
 *
 * <p>Starts are spaced evenly (1/rate apart) rather than let through in per-second bursts. On top of that, the
 * times starts were actually let through are kept for the last second: a start waits until it would be at most
 * the {@code rate}-th in any window of one second plus {@link #JITTER_ALLOWANCE_NANOS}. So a thread that wakes up
 * late (a loaded machine, a GC pause) can never bunch up with the next ones, and the jitter between our clock and
 * the server's stays inside the margin.
 */
public final class RequestGate {

    static final long JITTER_ALLOWANCE_NANOS = 50_000_000L;
    private static final long SECOND_NANOS = 1_000_000_000L;

    private final int concurrency;
    private final Semaphore slots;
    private final LongConsumer throttled;
    private final long spacingNanos;
    private final long windowNanos;
    /** Ring of the last {@code starts.length} start times; the window allows that many. */
    private final long[] starts;
    private int oldest;
    private int count;
    private long lastStart;

    /** @param rate request starts per second, 0 for no limit */
    public RequestGate(int concurrency, double rate) {
        this(concurrency, rate, waitedNanos -> { });
    }

    /** @param throttled told how long each start that had to wait for its turn waited, in nanoseconds */
    public RequestGate(int concurrency, double rate, LongConsumer throttled) {
        this.concurrency = concurrency;
        this.slots = new Semaphore(concurrency, true);
        this.throttled = throttled;
        if (rate > 0) {
            spacingNanos = (long) Math.ceil(SECOND_NANOS / rate);
            // below one start a second, the window is the time one start may take
            int capacity = rate >= 1 ? (int) Math.floor(rate) : 1;
            windowNanos = (rate >= 1 ? SECOND_NANOS : spacingNanos) + JITTER_ALLOWANCE_NANOS;
            starts = new long[capacity];
        } else {
            spacingNanos = 0;
            windowNanos = 0;
            starts = null;
        }
    }

    /** Blocks until this attempt may begin: a concurrency slot, held until {@link #leave}. */
    public void enter() throws InterruptedException {
        slots.acquire();
    }

    /** Blocks until a request may go on the wire without exceeding the rate. */
    public void awaitStartTurn() throws InterruptedIOException {
        if (starts == null) {
            return;
        }
        long asked = System.nanoTime();
        long wait = tryStart(asked);
        if (wait == 0) {
            return;
        }
        do {
            LockSupport.parkNanos(wait);
            if (Thread.interrupted()) {
                throw new InterruptedIOException("interrupted while waiting for the rate limit");
            }
        } while ((wait = tryStart(System.nanoTime())) > 0);
        throttled.accept(System.nanoTime() - asked);
    }

    /** Called when the attempt's response has been read (or the attempt failed). */
    public void leave() {
        slots.release();
    }

    /** Attempts holding a slot now: the in-flight gauge. */
    public int inFlight() {
        return concurrency - slots.availablePermits();
    }

    /** Lets the start through now and returns 0, or returns how long to wait before asking again. */
    private synchronized long tryStart(long now) {
        long earliest = count == 0 ? now : lastStart + spacingNanos;
        if (count == starts.length) {
            earliest = Math.max(earliest, starts[oldest] + windowNanos);
        }
        if (now < earliest) {
            return earliest - now;
        }
        if (count == starts.length) {
            starts[oldest] = now;
            oldest = (oldest + 1) % starts.length;
        } else {
            starts[(oldest + count) % starts.length] = now;
            count++;
        }
        lastStart = now;
        return 0;
    }
}
