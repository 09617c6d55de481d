package io.apiingest.fetch.auth;

/**
 * An OAuth2 access token, as a token endpoint issued it: a Bearer token (RFC 6750), used until its renewal time.
 * Its {@code toString} never shows it.
 */
final class AccessToken {

    /** No expires_in came: the token is used until the API refuses it. */
    static final long NEVER = Long.MAX_VALUE;

    private final String value;
    private final String authorization;
    private final long renewAtNanos;

    /** @param renewAtNanos the {@link System#nanoTime()} from which it is renewed, or {@link #NEVER} */
    AccessToken(String value, long renewAtNanos) {
        this.value = value;
        this.authorization = "Bearer " + value;
        this.renewAtNanos = renewAtNanos;
    }

    String value() {
        return value;
    }

    /** The Authorization header's value. */
    String authorization() {
        return authorization;
    }

    boolean dueForRenewal(long nowNanos) {
        return renewAtNanos != NEVER && nowNanos - renewAtNanos >= 0;
    }

    @Override
    public String toString() {
        return "AccessToken[***]";
    }
}
