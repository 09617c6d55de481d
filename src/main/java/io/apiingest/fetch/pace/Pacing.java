package io.apiingest.fetch.pace;

import java.net.URI;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import io.apiingest.settings.Origins;
import io.apiingest.settings.PaceSettings;

/**
 * The pace of every origin requests go to, made on its first request from the per-origin settings
 * ({@link PaceSettings}); the global limits ({@code ingest.concurrency}, {@code ingest.rate}) hold on top.
 */
public final class Pacing {

    private final PaceSettings settings;
    private final int globalConcurrency;
    private final ScheduledExecutorService scheduler;
    private final LongSupplier clock;
    private final long maxPauseMs;
    private final Consumer<OriginPace> onNewOrigin;
    private final Map<String, OriginPace> origins = new ConcurrentHashMap<>();
    /** By the URI's own parts, as they come: no origin string built per request. */
    private final Map<UriKey, OriginPace> byUri = new ConcurrentHashMap<>();

    private record UriKey(String scheme, String host, int port, String authority) {
        static UriKey of(URI uri) {
            return new UriKey(uri.getScheme(), uri.getHost(), uri.getPort(),
                    uri.getHost() == null ? uri.getRawAuthority() : null);
        }
    }

    /**
     * @param onNewOrigin told of each origin's pace as it is made (its meters)
     */
    public Pacing(PaceSettings settings, int globalConcurrency, ScheduledExecutorService scheduler,
            LongSupplier clock, long maxPauseMs, Consumer<OriginPace> onNewOrigin) {
        this.settings = settings;
        this.globalConcurrency = globalConcurrency;
        this.scheduler = scheduler;
        this.clock = clock;
        this.maxPauseMs = maxPauseMs;
        this.onNewOrigin = onNewOrigin;
    }

    /** The pace of the origin the URI goes to. */
    public OriginPace of(URI uri) {
        UriKey key = UriKey.of(uri);
        OriginPace known = byUri.get(key);
        if (known != null) {
            return known;
        }
        OriginPace pace = ofOrigin(uri);
        byUri.put(key, pace);
        return pace;
    }

    private OriginPace ofOrigin(URI uri) {
        String origin = Origins.of(uri);
        OriginPace pace = origins.get(origin);
        if (pace != null) {
            return pace;
        }
        boolean[] made = {false};
        pace = origins.computeIfAbsent(origin, name -> {
            PaceSettings.Limits limits = settings.limitsOf(name);
            int concurrency = limits.concurrency() > 0 ? Math.min(limits.concurrency(), globalConcurrency)
                    : globalConcurrency;
            made[0] = true;
            return new OriginPace(name, concurrency, limits.rate(), settings.adaptive(), scheduler, clock,
                    maxPauseMs);
        });
        if (made[0]) {
            onNewOrigin.accept(pace);
        }
        return pace;
    }

    /** An origin's pace now (requests per second; infinite for none, or for an origin not seen). */
    public double paceOf(String origin) {
        OriginPace pace = origins.get(origin);
        return pace == null ? Double.POSITIVE_INFINITY : pace.pace();
    }

    /** Every origin's queued requests go now: the application is stopping. */
    public void releaseAll() {
        origins.values().forEach(OriginPace::releaseAll);
    }

    /** Every origin seen, by name. */
    public Map<String, OriginPace> origins() {
        return new TreeMap<>(origins);
    }
}
