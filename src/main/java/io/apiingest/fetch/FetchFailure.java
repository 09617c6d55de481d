package io.apiingest.fetch;

/**
 * Why one attempt at a URL did not give a usable response. {@code status} is null when no response came;
 * {@code reason} is worded for a person reading errors.jsonl.
 */
public abstract class FetchFailure extends Exception {

    private final Integer status;
    private final int attempts;

    protected FetchFailure(Integer status, String reason, int attempts) {
        super(reason, null, false, false);
        this.status = status;
        this.attempts = attempts;
    }

    public Integer status() {
        return status;
    }

    public String reason() {
        return getMessage();
    }

    /** Attempts made at the URL, this one included (0 when the line was never tried). */
    public int attempts() {
        return attempts;
    }

    /** Worth another attempt after a wait: server trouble, rate limiting, network trouble. */
    public static final class Retryable extends FetchFailure {
        public Retryable(Integer status, String reason, int attempts) {
            super(status, reason, attempts);
        }
    }

    /** No point in asking again: the answer would be the same. */
    public static final class Final extends FetchFailure {
        public Final(Integer status, String reason, int attempts) {
            super(status, reason, attempts);
        }
    }
}
