package io.apiingest.fetch.pace;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pace of one origin (scheme, host, port): how many of its requests may be in flight, how far apart they
 * start, and whether it is paused. A request that cannot start now does not wait on a thread: it is queued, and
 * run on the scheduler once the origin can take it, in arrival order.
 *
 * <p>Adaptive (ingest.adaptive): an origin starts with a quarter of its concurrency in flight (at least
 * {@value #SLOW_START}), one more per success up to its limit, so that its first answers are heard before a burst
 * goes out; from 4 alone, concurrency 1,000 took 8 round trips to reach, 1.6 s at 200 ms. A 429 or 503 halves the rate (from the rate the origin was actually served at
 * when it had none yet) and the concurrency, at most once per second so that a burst of refusals counts once, and
 * pauses the origin for as long as its Retry-After says. The pace then grows back with time, not only with
 * successes, so an origin that went quiet recovers too: linearly to where it was refused over
 * {@value #RECOVER_SECONDS} s, then by half again every second, until it is unlimited again (or at its fixed
 * limit). An announced quota ({@code RateLimit-Policy}) is kept to as a ceiling, and "none left until the reset"
 * pauses the origin before it would answer 429.
 */
public final class OriginPace {

    private static final Logger LOG = LoggerFactory.getLogger(OriginPace.class);

    /** Requests in flight an adaptive origin starts with at least; each success adds one, up to its limit. */
    static final int SLOW_START = 4;
    /** An adaptive origin starts with its concurrency divided by this (when that is more than SLOW_START). */
    static final int SLOW_START_SHARE = 4;
    /** Seconds the pace takes to grow back linearly to the rate that was refused. */
    static final double RECOVER_SECONDS = 4;
    /**
     * The slowest pace adaptation goes to: one request a second. Slower quotas announce themselves (Retry-After,
     * RateLimit fields), and an origin that refuses everything still ends each of its requests in good time.
     */
    static final double MIN_RATE = 1;
    private static final long SECOND = 1_000_000_000L;
    /** A pace this far above the refused rate is no limit any more. */
    private static final double UNLIMITED_AFTER = 64;

    private final String origin;
    private final int maxConcurrency;
    private final double maxRate;
    private final boolean adaptive;
    private final ScheduledExecutorService scheduler;
    private final LongSupplier clock;
    private final long maxPauseNanos;
    private final Deque<Runnable> waiting = new ArrayDeque<>();
    /** Start times of the last requests: the rate the origin was actually asked at. */
    private final long[] recentStarts = new long[512];
    private int recentNext;
    private long firstRequestAt = Long.MIN_VALUE;

    private int inFlight;
    private int concurrency;
    /** The rate refused last (W), and when; NaN before any refusal. */
    private double refusedRate = Double.NaN;
    private long refusedAt;
    private long lastDecrease;
    private double announcedRate = Double.NaN;
    private long pausedUntil;
    /** When the origin last came out of a pause (or was made): what a refusal's rate is measured since. */
    private long resumedAt;
    private long nextStart;
    private ScheduledFuture<?> wakeUp;
    private long wakeUpAt;
    private long requests;
    private long refusals;
    private long pauses;
    private boolean slowed;

    /**
     * @param maxConcurrency the origin's own limit (the global one when it has none)
     * @param maxRate        the origin's own rate limit in requests per second, or 0 for none
     * @param maxPauseMs     the longest pause (ingest.retry.max-delay-ms)
     */
    public OriginPace(String origin, int maxConcurrency, double maxRate, boolean adaptive,
            ScheduledExecutorService scheduler, LongSupplier clock, long maxPauseMs) {
        this.origin = origin;
        this.maxConcurrency = maxConcurrency;
        this.maxRate = maxRate > 0 ? maxRate : Double.POSITIVE_INFINITY;
        this.adaptive = adaptive;
        this.scheduler = scheduler;
        this.clock = clock;
        this.maxPauseNanos = TimeUnit.MILLISECONDS.toNanos(maxPauseMs);
        // adaptive: a slow start, as TCP's, so that the first answers (a quota, a 429) are heard before a burst
        this.concurrency = adaptive
                ? Math.min(maxConcurrency, Math.max(SLOW_START, maxConcurrency / SLOW_START_SHARE)) : maxConcurrency;
        this.nextStart = clock.getAsLong();
        this.pausedUntil = nextStart;
        this.resumedAt = nextStart;
        this.lastDecrease = nextStart - 2 * SECOND; // none yet (and no overflow in the differences)
    }

    public String origin() {
        return origin;
    }

    /**
     * Takes a place for a request now and returns true, or queues {@code whenReady} to run on the scheduler once
     * the origin can take it (its place then taken) and returns false.
     */
    public synchronized boolean enterOrQueue(Runnable whenReady) {
        long now = clock.getAsLong();
        if (waiting.isEmpty() && canStart(now)) {
            take(now);
            return true;
        }
        waiting.addLast(whenReady);
        dispatch(now);
        return false;
    }

    /**
     * Takes a queued request out of the line (its file's deadline passed while it waited): true when it was still
     * waiting, and so holds no place.
     */
    public synchronized boolean withdraw(Runnable queued) {
        return waiting.removeFirstOccurrence(queued);
    }

    /**
     * The request is done: its status (0 without a response), the wait the server asked for (Retry-After, in
     * nanoseconds, or -1) and its rate-limit fields.
     */
    public synchronized void exit(int status, long retryAfterNanos, RateLimitSignals signals) {
        long now = clock.getAsLong();
        inFlight--;
        if (adaptive && signals.any()) {
            heed(signals, now);
        }
        if (status == 429 || status == 503) {
            refusals++;
            if (adaptive) {
                refused(now, retryAfterNanos);
            }
        } else if (status / 100 == 2 || status / 100 == 3) {
            if (adaptive && concurrency < maxConcurrency && now - lastDecrease > SECOND) {
                concurrency++; // one more in flight per success a second after the last cut: additive
            }
            if (slowed && adaptive && Double.isInfinite(currentRate(now)) && concurrency == maxConcurrency) {
                slowed = false;
                LOG.info("{}: recovered: no limit of its own", origin);
            }
        }
        dispatch(now);
    }

    /** Releases every queued request now, whatever the pace: the application is stopping. */
    public synchronized void releaseAll() {
        while (!waiting.isEmpty()) {
            inFlight++;
            scheduler.execute(waiting.pollFirst());
        }
    }

    /** The current pace in requests per second; infinite for none. */
    public synchronized double pace() {
        return currentRate(clock.getAsLong());
    }

    /** The pace as a meter shows it: 0 for none, as the settings write "no limit". */
    public double paceOrZero() {
        double pace = pace();
        return Double.isInfinite(pace) ? 0 : pace;
    }

    public synchronized int concurrencyNow() {
        return concurrency;
    }

    public synchronized long requests() {
        return requests;
    }

    /** 429 and 503 answers seen. */
    public synchronized long refusals() {
        return refusals;
    }

    public synchronized long pauses() {
        return pauses;
    }

    public synchronized int waitingCount() {
        return waiting.size();
    }

    private boolean canStart(long now) {
        return inFlight < concurrency && now - pausedUntil >= 0 && now - nextStart >= 0;
    }

    private void take(long now) {
        inFlight++;
        requests++;
        if (firstRequestAt == Long.MIN_VALUE) {
            firstRequestAt = now;
        }
        recentStarts[recentNext] = now;
        recentNext = (recentNext + 1) % recentStarts.length;
        double rate = currentRate(now);
        nextStart = Double.isInfinite(rate) ? now : Math.max(now, nextStart) + (long) (SECOND / rate);
    }

    /** Lets through every queued request the pace allows now, and wakes up again when the next one may go. */
    private void dispatch(long now) {
        while (!waiting.isEmpty() && canStart(now)) {
            take(now);
            scheduler.execute(waiting.pollFirst());
        }
        if (waiting.isEmpty() || inFlight >= concurrency) {
            return; // nothing waits, or the next exit dispatches
        }
        long at = Math.max(pausedUntil, nextStart);
        if (wakeUp != null && !wakeUp.isDone() && wakeUpAt - at <= 0) {
            return;
        }
        if (wakeUp != null) {
            wakeUp.cancel(false);
        }
        wakeUpAt = at;
        wakeUp = scheduler.schedule(this::wake, Math.max(0, at - now), TimeUnit.NANOSECONDS);
    }

    private synchronized void wake() {
        wakeUp = null; // this one has run: dispatch may schedule the next
        dispatch(clock.getAsLong());
    }

    private void refused(long now, long retryAfterNanos) {
        // the rate it was asked at since it last resumed: a pause in the window would halve that rate again
        // a pause still to come (a "none left" that an answer announced) is not one it resumed from
        double started = startedRate(now, Math.max(firstRequestAt, now - pausedUntil >= 0 ? pausedUntil : resumedAt));
        if (retryAfterNanos >= 0) {
            pauseUntil(now + Math.min(retryAfterNanos, maxPauseNanos)); // the server said how long
        }
        if (now - lastDecrease < SECOND) {
            return; // the refusals of one burst count once
        }
        double rate = currentRate(now);
        double from = Double.isInfinite(rate) ? started : Math.min(rate, Math.max(started, MIN_RATE));
        refusedRate = Math.max(from, MIN_RATE);
        refusedAt = now;
        lastDecrease = now;
        concurrency = Math.max(1, concurrency / 2);
        if (!slowed) {
            slowed = true;
            LOG.info("{}: slowed to {} requests/s and {} in flight after HTTP 429/503", origin,
                    String.format(java.util.Locale.ROOT, "%.1f", refusedRate / 2), concurrency);
        }
    }

    private void pauseUntil(long until) {
        if (until - pausedUntil > 0) {
            if (clock.getAsLong() - pausedUntil >= 0) {
                resumedAt = pausedUntil; // the last pause is over: this one starts a new stretch
            }
            pausedUntil = until;
            pauses++;
        }
    }

    /** The fields a server sends about its limits: a quota becomes a ceiling, "none left" a pause to the reset. */
    private void heed(RateLimitSignals signals, long now) {
        if (!Double.isNaN(signals.quotaPerSecond()) && signals.quotaPerSecond() > 0) {
            announcedRate = signals.quotaPerSecond();
        }
        if (signals.exhausted()) {
            pauseUntil(now + Math.min((long) (signals.resetSeconds() * SECOND), maxPauseNanos));
        }
    }

    /** The pace now: the fixed limit, the announced quota, and what adaptation allows, whichever is lowest. */
    private double currentRate(long now) {
        double rate = maxRate;
        if (!Double.isNaN(announcedRate)) {
            rate = Math.min(rate, announcedRate);
        }
        if (adaptive && !Double.isNaN(refusedRate)) {
            double seconds = (now - refusedAt) / (double) SECOND;
            double grown = seconds < RECOVER_SECONDS
                    ? refusedRate / 2 + refusedRate / 2 * seconds / RECOVER_SECONDS
                    : refusedRate * Math.pow(1.5, seconds - RECOVER_SECONDS);
            if (grown >= refusedRate * UNLIMITED_AFTER) {
                refusedRate = Double.NaN; // grown past any limit it had: none any more
            } else {
                rate = Math.min(rate, grown);
            }
        }
        return rate;
    }

    /**
     * Requests started per second over the last second, or since {@code from} when that is later (the first
     * request, or the end of the last pause).
     */
    private double startedRate(long now, long from) {
        long span = Math.min(SECOND, Math.max(now - from, SECOND / 100));
        int count = 0;
        for (long start : recentStarts) {
            if (start != 0 && now - start <= span) {
                count++;
            }
        }
        return count * (double) SECOND / span;
    }
}
