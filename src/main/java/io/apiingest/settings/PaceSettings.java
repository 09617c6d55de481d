package io.apiingest.settings;

import java.util.Map;

/**
 * Per-origin limits and pacing: {@code ingest.origin.concurrency}, {@code ingest.origin.rate}, the overrides of
 * named origins in {@code ingest.origin.limits}, and {@code ingest.adaptive}.
 *
 * @param adaptive    each origin finds its own pace from 429/503 answers and rate-limit fields
 * @param concurrency requests in flight per origin (0: only the global ingest.concurrency)
 * @param rate        request starts per second per origin (0: none of its own)
 * @param overrides   limits of named origins ({@link Origins} form), over the two above
 */
public record PaceSettings(boolean adaptive, int concurrency, double rate, Map<String, Limits> overrides) {

    /** An origin's own limits; 0 for none. */
    public record Limits(int concurrency, double rate) {
    }

    public PaceSettings {
        overrides = Map.copyOf(overrides);
    }

    /** The limits of an origin: its override where given, else the per-origin defaults. */
    public Limits limitsOf(String origin) {
        Limits own = overrides.get(origin);
        return new Limits(own != null && own.concurrency() > 0 ? own.concurrency() : concurrency,
                own != null && own.rate() > 0 ? own.rate() : rate);
    }
}
