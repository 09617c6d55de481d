package io.apiingest.fetch;

import java.net.URI;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slows down for a host that says it is overloaded (429 Too Many Requests, 503 Service Unavailable), for all the
 * URLs to it, not only the one that got the answer. Without this, every URL retried on its own while the others
 * kept the server as busy as before: against an API limited to 20 requests a second, two thirds of a 300-URL file
 * failed after their retries.
 *
 * <p>Two brakes per host, as TCP does it. A pause: no new attempt to the host until its {@code Retry-After} has
 * passed (or, without one, a backoff that doubles while the answers stay 429/503). And a limit on the attempts in
 * flight to the host: halved by such an answer (at most once per round of requests), raised by one per round of
 * successes (after a second's hold: rate limits count per second), back to {@code ingest.concurrency}. A host that
 * never answers 429 or 503 costs a counter per attempt.
 */
public final class HostThrottle {

    private static final Logger LOG = LoggerFactory.getLogger(HostThrottle.class);
    private static final long GIVE_UP_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long LOG_EVERY_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final long HOLD_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final int maxInFlight;
    private final long baseDelayMs;
    private final long maxDelayMs;
    private final Clock clock;
    private final ConcurrentHashMap<String, Host> hosts = new ConcurrentHashMap<>();

    /**
     * @param maxInFlight ingest.concurrency: a host's limit when it is not overloaded
     * @param baseDelayMs ingest.retry.delay-ms: the first pause for a 429/503 without Retry-After
     * @param maxDelayMs  ingest.retry.max-delay-ms: the longest pause, whatever the server asks
     */
    public HostThrottle(int maxInFlight, long baseDelayMs, long maxDelayMs, Clock clock) {
        this.maxInFlight = maxInFlight;
        this.baseDelayMs = Math.max(1, baseDelayMs);
        this.maxDelayMs = maxDelayMs;
        this.clock = clock;
    }

    /** One attempt's hold on its host, given back with {@link #leave}. */
    public record Ticket(Host host, long startedNanos) {
    }

    /**
     * Waits until an attempt to the URL's host may start: the host's pause is over and it has room in flight.
     *
     * @return the ticket to leave with, or null when {@code giveUp} said so first
     */
    public Ticket enter(URI url, BooleanSupplier giveUp) throws InterruptedException {
        Host host = hosts.computeIfAbsent(key(url), Host::new);
        return host.enter(giveUp) ? new Ticket(host, System.nanoTime()) : null;
    }

    /**
     * The attempt is over. {@code status} is the response's (null when none came); a 429 or 503 slows the host
     * down, for {@code retryAfter} when the server said how long.
     */
    public void leave(Ticket ticket, Integer status, String retryAfter) {
        Host host = ticket.host();
        if (status != null && (status == 429 || status == 503)) {
            host.overloaded(ticket.startedNanos(), status, RetryAfter.toMillis(retryAfter, clock));
        } else {
            host.done(status != null && status / 100 == 2);
        }
        if (host.idle()) {
            hosts.remove(host.key, host);
        }
    }

    /** Hosts with state: for the tests (a host at full speed and with nothing in flight is forgotten). */
    int hostsKnown() {
        return hosts.size();
    }

    /** scheme://authority: the URI's own text up to its path, lower-cased only when it holds an upper-case letter. */
    private static String key(URI url) {
        String text = url.toString();
        int end = url.getScheme().length() + 3;
        while (end < text.length() && text.charAt(end) != '/' && text.charAt(end) != '?') {
            end++;
        }
        String key = text.substring(0, end);
        for (int i = 0; i < key.length(); i++) {
            if (Character.isUpperCase(key.charAt(i))) {
                return key.toLowerCase(Locale.ROOT);
            }
        }
        return key;
    }

    /** One host's state. Attempts to a host at full speed only count themselves in and out, without the lock. */
    final class Host {
        private final String key;
        private final AtomicInteger inFlight = new AtomicInteger();
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition changed = lock.newCondition();
        /** True while the host is paused or below full speed: attempts then go through the lock. */
        private volatile boolean slowed;
        private double limit;
        private long pausedUntilNanos;
        private long lastCutNanos;
        /** No growing the room before this: a second, or the pause if longer, after the last 429/503. */
        private long holdUntilNanos;
        /** Rounds in a row answered 429/503, without a success between: the pause doubles with each. */
        private int overloadedInARow;
        private long loggedNanos;

        Host(String key) {
            this.key = key;
            this.limit = maxInFlight;
        }

        boolean enter(BooleanSupplier giveUp) throws InterruptedException {
            if (!slowed) {
                inFlight.incrementAndGet();
                return true;
            }
            lock.lock();
            try {
                while (true) {
                    long now = System.nanoTime();
                    long pause = pausedUntilNanos - now;
                    if (pause <= 0 && inFlight.get() < Math.max(1, (int) limit)) {
                        inFlight.incrementAndGet();
                        return true;
                    }
                    if (giveUp.getAsBoolean()) {
                        return false;
                    }
                    changed.awaitNanos(pause > 0 ? Math.min(pause, GIVE_UP_CHECK_NANOS) : GIVE_UP_CHECK_NANOS);
                }
            } finally {
                lock.unlock();
            }
        }

        void done(boolean success) {
            inFlight.decrementAndGet();
            if (!slowed) {
                return;
            }
            lock.lock();
            try {
                if (success) {
                    overloadedInARow = 0;
                    long now = System.nanoTime();
                    if (now - holdUntilNanos >= 0) {
                        // one more per round of successes: a round is `limit` attempts
                        limit = Math.min(maxInFlight, limit + 1 / limit);
                    }
                    slowed = limit < maxInFlight || pausedUntilNanos - now > 0;
                }
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }

        void overloaded(long attemptStartedNanos, int status, Long retryAfterMs) {
            inFlight.decrementAndGet();
            lock.lock();
            try {
                long now = System.nanoTime();
                // the answers to one round of requests count once: they were all sent before the last cut
                if (attemptStartedNanos - lastCutNanos >= 0) {
                    limit = Math.max(1, limit / 2);
                    lastCutNanos = now;
                    overloadedInARow++;
                }
                long pauseMs = retryAfterMs != null ? retryAfterMs
                        : baseDelayMs << Math.min(overloadedInARow - 1, 30);
                long until = now + TimeUnit.MILLISECONDS.toNanos(Math.min(Math.max(0, pauseMs), maxDelayMs));
                if (until - pausedUntilNanos > 0) {
                    pausedUntilNanos = until;
                }
                // rate limits count per second or more: probing for room again any sooner only earns more 429s
                holdUntilNanos = until - (now + HOLD_NANOS) > 0 ? until : now + HOLD_NANOS;
                if (!slowed && (loggedNanos == 0 || now - loggedNanos > LOG_EVERY_NANOS)) {
                    loggedNanos = now;
                    LOG.info("{} answers {}: slowing down for it (at most {} requests in flight, pausing {} ms);"
                            + " back to full speed as it answers again", key, status, (int) limit,
                            Math.min(pauseMs, maxDelayMs));
                }
                slowed = true;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }

        /** At full speed and nothing in flight: the state is the default, and may be forgotten. */
        boolean idle() {
            return !slowed && inFlight.get() == 0;
        }
    }
}
