package io.apiingest.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The application's own meters, made once at start-up so the hot path only increments. Names follow Micrometer's
 * dotted convention; the Prometheus scrape shows them as {@code ingest_requests_total} and so on. README lists
 * every one.
 */
public final class IngestMetrics {

    /** Status class tag of a request that got no response (timeout, refused, reset). */
    static final String NO_RESPONSE = "none";

    private final MeterRegistry registry;
    private final Counter[] requestsByStatusClass = new Counter[6];
    private final Timer latency;
    private final Counter retries;
    private final Timer throttleWait;
    private final Counter pages;
    private final Counter items;
    private final Map<String, Counter> failuresByCause = new ConcurrentHashMap<>();
    private final Map<String, Counter> filesByOutcome = new ConcurrentHashMap<>();

    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (int statusClass = 0; statusClass < requestsByStatusClass.length; statusClass++) {
            requestsByStatusClass[statusClass] = Counter.builder("ingest.requests")
                    .description("HTTP requests made, retries and redirects' final answers included, by status class")
                    .tag("status_class", statusClass == 0 ? NO_RESPONSE : statusClass + "xx")
                    .register(registry);
        }
        latency = Timer.builder("ingest.request.latency")
                .description("Time of one HTTP attempt that got a response, to the end of its body")
                // quantiles, not a bucket histogram: Micrometer's Prometheus registry publishes one or the other
                .publishPercentiles(0.5, 0.95, 0.99)
                .register(registry);
        retries = Counter.builder("ingest.retries")
                .description("Attempts that failed and will be tried again after a wait")
                .register(registry);
        throttleWait = Timer.builder("ingest.throttle.wait")
                .description("Time requests waited for their turn under ingest.rate")
                .register(registry);
        pages = Counter.builder("ingest.pages")
                .description("Pages of chains done (ingest.paginate.type, ingest.items-path)")
                .register(registry);
        items = Counter.builder("ingest.items")
                .description("Items of responses written as records (ingest.items-path, NDJSON responses)")
                .register(registry);
    }

    /** A gauge over a live value, e.g. the requests in flight. */
    public <T> void gauge(String name, String description, T source, ToDoubleFunction<T> value) {
        Gauge.builder(name, source, value).description(description).register(registry);
    }

    /** One HTTP attempt got a response with {@code status} after {@code elapsedNanos}. */
    public void response(int status, long elapsedNanos) {
        int statusClass = status / 100;
        requestsByStatusClass[statusClass >= 1 && statusClass <= 5 ? statusClass : 0].increment();
        latency.record(elapsedNanos, TimeUnit.NANOSECONDS);
    }

    /** One HTTP attempt ended without a response. */
    public void noResponse() {
        requestsByStatusClass[0].increment();
    }

    /**
     * The meters of one origin's pace, tagged with the origin: its pace (requests per second, 0 for none), the
     * requests it lets in flight, its pauses and the 429/503 answers it had.
     */
    public <T> void origin(String origin, T pace, ToDoubleFunction<T> rate, ToDoubleFunction<T> concurrency,
            ToDoubleFunction<T> pauses, ToDoubleFunction<T> refusals) {
        Gauge.builder("ingest.origin.pace", pace, rate).tag("origin", origin)
                .description("An origin's pace now, requests per second (0: no limit of its own)")
                .register(registry);
        Gauge.builder("ingest.origin.concurrency", pace, concurrency).tag("origin", origin)
                .description("Requests an origin's pace lets in flight now").register(registry);
        FunctionCounter.builder("ingest.origin.pauses", pace, pauses).tag("origin", origin)
                .description("Times an origin was paused (Retry-After, a backoff, no requests left)")
                .register(registry);
        FunctionCounter.builder("ingest.origin.refusals", pace, refusals).tag("origin", origin)
                .description("429 and 503 answers of an origin").register(registry);
    }

    /** A page of a chain is done, with this many items. */
    public void page(long itemCount) {
        pages.increment();
        if (itemCount > 0) {
            items.increment(itemCount);
        }
    }

    public void retry() {
        retries.increment();
    }

    /** A URL failed for good; {@code cause} is a short snake_case word (see FetchFailure.cause). */
    public void failure(String cause) {
        tagged(failuresByCause, "ingest.failures", "URLs that failed for good (written to errors.jsonl), by cause",
                "cause", cause).increment();
    }

    public void throttled(long waitedNanos) {
        throttleWait.record(waitedNanos, TimeUnit.NANOSECONDS);
    }

    /** An input file ended: {@code done} (summary written), {@code rejected} (.error/) or {@code failed} (kept). */
    public void file(String outcome) {
        tagged(filesByOutcome, "ingest.files", "Input files that ended, by outcome", "outcome", outcome).increment();
    }

    /** The counter {@code name} for one value of its tag, made the first time the value comes up. */
    private Counter tagged(Map<String, Counter> byValue, String name, String description, String tag, String value) {
        return byValue.computeIfAbsent(value, v -> Counter.builder(name).description(description).tag(tag, v)
                .register(registry));
    }

    /** The per-file counters of one input file, made when its run opens. */
    public FileMeters forFile(String file) {
        return new FileMeters(
                Counter.builder("ingest.lines.read").description("URL lines read from an input file")
                        .tag("file", file).register(registry),
                Counter.builder("ingest.records.written").description("Records written for an input file")
                        .tag("file", file).tag("kind", "fetched").register(registry),
                Counter.builder("ingest.records.written").description("Records written for an input file")
                        .tag("file", file).tag("kind", "failed").register(registry));
    }

    /** Counters of one input file. */
    public record FileMeters(Counter linesRead, Counter fetched, Counter failed) {

        public void lineRead() {
            linesRead.increment();
        }

        public void written(boolean success) {
            (success ? fetched : failed).increment();
        }
    }
}
