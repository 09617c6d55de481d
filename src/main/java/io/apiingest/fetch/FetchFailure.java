package io.apiingest.fetch;

/**
 * Why one attempt at a URL did not give a usable response. {@code status} is null when no response came;
 * {@code reason} is worded for a person reading errors.jsonl.
 */
public abstract class FetchFailure extends Exception {

    private final Integer status;
    private final int attempts;
    private final String cause;
    private final boolean unsent;

    protected FetchFailure(Integer status, String reason, int attempts, String cause, boolean unsent) {
        super(reason, null, false, false);
        this.status = status;
        this.attempts = attempts;
        this.cause = cause;
        this.unsent = unsent;
    }

    /**
     * The request surely did not reach the server (no connection was made), so even a request that is not
     * idempotent may be sent again.
     */
    public boolean unsent() {
        return unsent;
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

    /**
     * The failure's kind in one snake_case word, the {@code cause} tag of the failures meter: {@code http_4xx},
     * {@code http_5xx}, {@code body_too_large}, {@code invalid_line}, or the network's (e.g. {@code timeout}).
     */
    public String cause() {
        if (cause != null) {
            return cause;
        }
        if (status != null) {
            return status / 100 == 2 ? "body_too_large" : "http_" + status / 100 + "xx";
        }
        return attempts == 0 ? "invalid_line" : "other";
    }

    /** Worth another attempt after a wait: server trouble, rate limiting, network trouble. */
    public static final class Retryable extends FetchFailure {
        public Retryable(Integer status, String reason, int attempts) {
            super(status, reason, attempts, null, false);
        }

        /** @param unsent true when no connection was made, so the server cannot have seen the request */
        public Retryable(String reason, int attempts, String cause, boolean unsent) {
            super(null, reason, attempts, cause, unsent);
        }

        /** A response that began (its status came) and was then cut: the network's {@code cause}. */
        public Retryable(Integer status, String reason, int attempts, String cause) {
            super(status, reason, attempts, cause, false);
        }
    }

    /** No point in asking again: the answer would be the same. */
    public static final class Final extends FetchFailure {
        public Final(Integer status, String reason, int attempts) {
            super(status, reason, attempts, null, false);
        }

        public Final(Integer status, String reason, int attempts, String cause) {
            super(status, reason, attempts, cause, false);
        }
    }
}
