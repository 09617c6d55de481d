package io.apiingest.fetch;

import java.io.InterruptedIOException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

import io.apiingest.flow.RateLimit;

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
 *
 * <p>The rate may change while the gate is in use ({@link #limitTo}): a fetch worker's share of
 * {@code ingest.cluster.rate} follows the Kafka partitions it holds.
 */
public final class RequestGate implements RateLimit {

    static final long JITTER_ALLOWANCE_NANOS = 50_000_000L;
    static final long GIVE_UP_CHECK_NANOS = 100_000_000L;
    private static final long SECOND_NANOS = 1_000_000_000L;

    private final int concurrency;
    private final Semaphore slots;
    private final LongConsumer throttled;
    /** The rate's schedule; replaced whole, under this gate's lock, when the rate changes ({@link #limitTo}). */
    private volatile Schedule schedule;
    /** Ring of the last {@code starts.length} start times; the window allows that many. */
    private long[] starts;
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
        this.schedule = rate > 0 ? Schedule.of(rate) : Schedule.NONE;
        this.starts = new long[schedule.capacity];
    }

    /**
     * Sets the rate from now on: a lower one holds for the next start (the starts of the last window count
     * against it; with no limit before, none were counted), a higher one lets the next starts through sooner. Attempts waiting for their place in line
     * take a new one under the new rate.
     *
     * @param rate request starts per second; 0 stops every start until the rate is raised again;
     *             {@link Double#POSITIVE_INFINITY} for no limit
     */
    @Override
    public synchronized void limitTo(double rate) {
        Schedule next = rate == Double.POSITIVE_INFINITY ? Schedule.NONE : rate <= 0 ? Schedule.PAUSED
                : Schedule.of(rate);
        if (next.equals(schedule)) {
            return;
        }
        if (next.capacity > 0) {
            // keep the latest starts that the new window holds (a pause keeps them all), so that a lower rate
            // counts what was just sent
            int kept = Math.min(count, next.capacity);
            long[] ring = new long[next.capacity];
            for (int i = 0; i < kept; i++) {
                ring[i] = starts[(oldest + count - kept + i) % starts.length];
            }
            starts = ring;
            oldest = 0;
            count = kept;
        }
        schedule = next;
        nextInLine = Long.MIN_VALUE;
    }

    /** One second plus the jitter allowance, or one spacing plus it below one start a second. */
    @Override
    public long windowNanos(double rate) {
        return Schedule.of(rate).windowNanos;
    }

    /** The rate now, in starts per second: 0 while paused, {@link Double#POSITIVE_INFINITY} with no limit. */
    @Override
    public double rate() {
        return schedule.rate;
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
        if (schedule == Schedule.NONE) {
            return true;
        }
        long asked = System.nanoTime();
        long now = asked;
        boolean queued = false;
        while (true) {
            Schedule taken;
            long place;
            synchronized (this) {
                taken = schedule;
                if (taken == Schedule.NONE) {
                    break;
                }
                if (taken == Schedule.PAUSED) {
                    place = now + GIVE_UP_CHECK_NANOS;
                } else {
                    place = nextInLine == Long.MIN_VALUE || nextInLine - now < 0 ? now : nextInLine;
                    nextInLine = place + taken.lineSpacingNanos;
                }
            }
            if (!awaitPlace(place, taken, giveUp)) {
                return false;
            }
            if (taken != Schedule.PAUSED && isSchedule(taken)) {
                queued |= place != now;
                break;
            }
            queued = true; // paused, or the rate changed while waiting: a place under the rate now
            now = System.nanoTime();
        }
        long waited = System.nanoTime() - asked;
        if (waited > 0 && queued) {
            throttled.accept(waited);
        }
        return true;
    }

    /** @return false when {@code giveUp} said so first; true at the place, or as soon as the rate changed */
    private boolean awaitPlace(long place, Schedule taken, BooleanSupplier giveUp) throws InterruptedException {
        long wait;
        while ((wait = place - System.nanoTime()) > 0 && isSchedule(taken)) {
            if (giveUp.getAsBoolean()) {
                return false;
            }
            LockSupport.parkNanos(Math.min(wait, GIVE_UP_CHECK_NANOS));
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while waiting for the rate limit");
            }
        }
        return true;
    }

    private boolean isSchedule(Schedule taken) {
        return schedule == taken;
    }

    /** Blocks until a request may go on the wire without exceeding the rate: the exact check, per request. */
    public void awaitStartTurn() throws InterruptedIOException {
        if (schedule == Schedule.NONE) {
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
        if (schedule == Schedule.NONE) {
            return 0;
        }
        if (schedule == Schedule.PAUSED) {
            return GIVE_UP_CHECK_NANOS;
        }
        long earliest = count == 0 ? now : lastStart + schedule.spacingNanos;
        if (count == starts.length) {
            earliest = Math.max(earliest, starts[oldest] + schedule.windowNanos);
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

    /**
     * The spacing and window of a rate.
     *
     * @param capacity         starts the window holds
     * @param lineSpacingNanos between places in line: the exact check's spacing, or its window shared out if that
     *                         is wider
     */
    private record Schedule(double rate, long spacingNanos, long windowNanos, long lineSpacingNanos, int capacity) {

        static final Schedule NONE = new Schedule(Double.POSITIVE_INFINITY, 0, 0, 0, 0);
        static final Schedule PAUSED = new Schedule(0, 0, 0, 0, 0);

        static Schedule of(double rate) {
            long spacing = (long) Math.ceil(SECOND_NANOS / rate);
            // below one start a second, the window is the time one start may take
            int capacity = rate >= 1 ? (int) Math.floor(rate) : 1;
            long window = (rate >= 1 ? SECOND_NANOS : spacing) + JITTER_ALLOWANCE_NANOS;
            // with the jitter allowance the window lets `capacity` starts through per (1 s + 50 ms): places any
            // closer would gain on the exact check, and the attempts behind would wait there, on the clock
            return new Schedule(rate, spacing, window, Math.max(spacing, (window + capacity - 1) / capacity),
                    capacity);
        }
    }
}
