package io.apiingest.fetch.auth;

/**
 * No OAuth2 token could be had for a request: the token endpoint refused, failed, or did not answer in time. The
 * message says which, in words for errors.jsonl, with the endpoint's status and OAuth error code when it gave
 * them, and never a secret.
 */
public final class TokenUnavailableException extends Exception {

    private final boolean retryable;

    TokenUnavailableException(String reason, boolean retryable) {
        super(reason, null, false, false);
        this.retryable = retryable;
    }

    /** Worth asking again after a wait: the endpoint failed (5xx, 408, 429), was unreachable or too slow. */
    public boolean retryable() {
        return retryable;
    }
}
