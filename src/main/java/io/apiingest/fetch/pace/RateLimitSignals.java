package io.apiingest.fetch.pace;

import java.util.Locale;
import java.util.function.Function;

/**
 * What a response says about the server's limits, read from the fields servers send: the IETF {@code RateLimit}
 * and {@code RateLimit-Policy} fields (draft-ietf-httpapi-ratelimit-headers: {@code RateLimit: "default";r=50;t=30},
 * {@code RateLimit-Policy: "default";q=100;w=60}), the earlier draft's {@code RateLimit-Limit}, {@code -Remaining}
 * and {@code -Reset}, and the common {@code X-RateLimit-Limit}, {@code -Remaining} and {@code -Reset} (the reset as
 * seconds from now or as epoch seconds; both are seen in the wild).
 *
 * @param quotaPerSecond the announced quota over its window (q / w), or NaN when none is announced
 * @param remaining      requests left in the current window, or -1 when not said
 * @param resetSeconds   seconds until the window resets, or -1 when not said
 */
public record RateLimitSignals(double quotaPerSecond, long remaining, double resetSeconds) {

    public static final RateLimitSignals NONE = new RateLimitSignals(Double.NaN, -1, -1);
    /** A reset above this is an epoch time, not a delta: 2001-09-09 in epoch seconds, ~31 years as a delta. */
    private static final double EPOCH_THRESHOLD = 1_000_000_000d;

    /**
     * Reads the signals of a response.
     *
     * @param header       a header's value by name (any case), or null
     * @param nowEpochSecs the current time, for a reset given as epoch seconds
     */
    public static RateLimitSignals of(Function<String, String> header, double nowEpochSecs) {
        double quota = Double.NaN;
        long remaining = -1;
        double reset = -1;
        String policy = header.apply("RateLimit-Policy");
        String limit = header.apply("RateLimit");
        String remainingField = header.apply("RateLimit-Remaining");
        String xRemaining = header.apply("X-RateLimit-Remaining");
        if (policy == null && limit == null && remainingField == null && xRemaining == null) {
            return NONE; // most answers: a reset alone would change nothing
        }
        if (policy != null) {
            double q = param(policy, "q");
            double w = param(policy, "w");
            if (q >= 0 && w > 0) {
                quota = q / w;
            }
        }
        if (limit != null && (limit.contains(";") || limit.contains("="))) {
            double r = param(limit, "r");
            double t = param(limit, "t");
            remaining = r >= 0 ? (long) r : -1;
            reset = t >= 0 ? t : -1;
        }
        if (remaining < 0) {
            remaining = number(remainingField, xRemaining);
        }
        if (reset < 0) {
            double given = decimal(first(header.apply("RateLimit-Reset"), header.apply("X-RateLimit-Reset")));
            if (given >= 0) {
                reset = given > EPOCH_THRESHOLD ? Math.max(0, given - nowEpochSecs) : given;
            }
        }
        if (Double.isNaN(quota) && remaining < 0 && reset < 0) {
            return NONE;
        }
        return new RateLimitSignals(quota, remaining, reset);
    }

    /** Whether the response said anything about limits. */
    public boolean any() {
        return !Double.isNaN(quotaPerSecond) || remaining >= 0 || resetSeconds >= 0;
    }

    /** The server says no request is left until the reset. */
    public boolean exhausted() {
        return remaining == 0 && resetSeconds > 0;
    }

    private static String first(String a, String b) {
        return a != null ? a : b;
    }

    private static long number(String a, String b) {
        double value = decimal(first(a, b));
        return value >= 0 ? (long) value : -1;
    }

    private static double decimal(String text) {
        if (text == null) {
            return -1;
        }
        String v = text.strip();
        int comma = v.indexOf(',');
        if (comma >= 0) {
            v = v.substring(0, comma).strip(); // a list: the first (most restrictive by convention)
        }
        try {
            double value = Double.parseDouble(v);
            return Double.isFinite(value) && value >= 0 ? value : -1;
        } catch (NumberFormatException notANumber) {
            return -1;
        }
    }

    /** A structured field's parameter ({@code ;q=100}) of its first item, or -1. */
    private static double param(String field, String name) {
        String first = field;
        int comma = field.indexOf(',');
        if (comma >= 0) {
            first = field.substring(0, comma);
        }
        for (String part : first.split(";")) {
            String p = part.strip();
            int eq = p.indexOf('=');
            if (eq > 0 && p.substring(0, eq).strip().toLowerCase(Locale.ROOT).equals(name)) {
                return decimal(p.substring(eq + 1).replace("\"", ""));
            }
        }
        return -1;
    }
}
