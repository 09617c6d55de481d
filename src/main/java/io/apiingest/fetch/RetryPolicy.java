package io.apiingest.fetch;

import java.util.concurrent.ThreadLocalRandom;

/**
 * How long to wait before the next attempt: exponential backoff with jitter, or what the server asked for in
 * {@code Retry-After}; both capped by {@code ingest.retry.max-delay-ms}.
 */
public final class RetryPolicy {

    private final int maxRetries;
    private final long firstDelayMs;
    private final long maxDelayMs;

    public RetryPolicy(int maxRetries, long firstDelayMs, long maxDelayMs) {
        this.maxRetries = maxRetries;
        this.firstDelayMs = firstDelayMs;
        this.maxDelayMs = maxDelayMs;
    }

    public int maxRetries() {
        return maxRetries;
    }

    /** ingest.retry.max-delay-ms: the longest wait before a retry. */
    public long maxDelayMs() {
        return maxDelayMs;
    }

    /**
     * @param failedAttempt the attempt that just failed, 1 for the first
     * @param retryAfterMs  the server's Retry-After, or null
     */
    public long delayMs(int failedAttempt, Long retryAfterMs) {
        if (retryAfterMs != null) {
            return Math.min(retryAfterMs, maxDelayMs);
        }
        long backoff = firstDelayMs << Math.min(failedAttempt - 1, 30);
        if (backoff < 0 || backoff > maxDelayMs) {
            backoff = maxDelayMs;
        }
        // "equal jitter": half fixed, half random, so waits stay meaningful yet retries do not arrive in lockstep
        long half = backoff / 2;
        return half + ThreadLocalRandom.current().nextLong(backoff - half + 1);
    }
}
