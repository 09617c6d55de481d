package io.apiingest.fetch;

import java.io.InterruptedIOException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/**
 * Holds every HTTP attempt, retries included, to the two global limits as the server counts them: at most
 * {@code concurrency} requests in flight ({@link #enter}, around the whole attempt), and at most {@code rate}
 * request starts in any one-second window.
 *
 * <p>The rate is kept in two steps. {@link #awaitPlaceInLine} hands each attempt a start time one spacing (1/rate,
 * widened by the jitter allowance below) after the previous one and waits for it, before the attempt's deadline starts and before it takes a connection from the
 * pool: a long queue for the rate is not the attempt's time, and holds no idle connection that the server may
 * close meanwhile. {@link #awaitStartTurn} is the exact check, called by the HTTP client for every request (each
 * redirect hop too) once the connection is ready, so nothing between the turn and the wire can bunch requests up;
 * after the place in line it rarely waits, and then for milliseconds.
 *
 * <p>Starts are spaced evenly (1/rate apart) rather than let through in per-second bursts. On top of that, the
 * times starts were actually let through are kept for the last second: a start waits until it would be at most
 * the {@code rate}-th in any window of one second plus {@link #JITTER_ALLOWANCE_NANOS}. So a thread that wakes up
 * late (a loaded machine, a GC pause) can never bunch up with the next ones, and the jitter between our clock and
 * the server's stays inside the margin.
 */
public final class RequestGate {

    static final long JITTER_ALLOWANCE_NANOS = 50_000_000L;
    static final long GIVE_UP_CHECK_NANOS = 100_000_000L;
    private static final long SECOND_NANOS = 1_000_000_000L;

    private final int concurrency;
    private final Semaphore slots;
    private final LongConsumer throttled;
    private final long spacingNanos;
    private final long windowNanos;
    /** Between places in line: the exact check's spacing, or its window shared out if that is wider. */
    private final long lineSpacingNanos;
    /** Ring of the last {@code starts.length} start times; the window allows that many. */
    private final long[] starts;
    private int oldest;
    private int count;
    private long lastStart;
    /** The start time the next attempt in line gets. */
    private long nextInLine = Long.MIN_VALUE;

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
            // with the jitter allowance the window lets `capacity` starts through per (1 s + 50 ms): places any
            // closer would gain on the exact check, and the attempts behind would wait there, on the clock
            lineSpacingNanos = Math.max(spacingNanos, (windowNanos + capacity - 1) / capacity);
        } else {
            spacingNanos = 0;
            windowNanos = 0;
            lineSpacingNanos = 0;
            starts = null;
        }
    }

    /** Blocks until this attempt may begin: a concurrency slot, held until {@link #leave}. */
    public void enter() throws InterruptedException {
        slots.acquire();
    }

    /**
     * Waits for this attempt's place in the rate's line: a start time one spacing after the one before, checking
     * {@code giveUp} at least every {@link #GIVE_UP_CHECK_NANOS} (under a low rate a place can be minutes away).
     *
     * @return true when the place is reached, false when {@code giveUp} said so first (the place goes unused)
     */
    public boolean awaitPlaceInLine(BooleanSupplier giveUp) throws InterruptedException {
        if (starts == null) {
            return true;
        }
        long asked = System.nanoTime();
        long place;
        synchronized (this) {
            place = nextInLine == Long.MIN_VALUE || nextInLine - asked < 0 ? asked : nextInLine;
            nextInLine = place + lineSpacingNanos;
        }
        long wait;
        while ((wait = place - System.nanoTime()) > 0) {
            if (giveUp.getAsBoolean()) {
                return false;
            }
            LockSupport.parkNanos(Math.min(wait, GIVE_UP_CHECK_NANOS));
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while waiting for the rate limit");
            }
        }
        long waited = System.nanoTime() - asked;
        if (waited > 0 && place != asked) {
            throttled.accept(waited);
        }
        return true;
    }

    /** Blocks until a request may go on the wire without exceeding the rate: the exact check, per request. */
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
