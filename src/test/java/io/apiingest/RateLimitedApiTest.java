package io.apiingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An API that allows 40 requests a second and answers the rest 429, as rate-limited APIs do. With the default
 * concurrency (50) and retries (3), every URL must still end as a success, because api-ingest slows down for the
 * host instead of letting every URL retry on its own against a server kept as busy as before.
 */
class RateLimitedApiTest extends IngestTestSupport {

    static final int PER_SECOND = 40;
    static HttpServer server;
    static final ExecutorService THREADS = Executors.newCachedThreadPool();
    /** A token bucket and the 429s it gave, per path prefix (each test its own). */
    static final Map<String, Bucket> BUCKETS = new ConcurrentHashMap<>();

    @BeforeAll
    static void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
        server.setExecutor(THREADS);
        server.createContext("/", RateLimitedApiTest::handle);
        server.start();
    }

    @AfterAll
    static void stopServer() {
        server.stop(0);
        THREADS.shutdownNow();
    }

    @Override
    protected void settings(Properties settings) {
        // the defaults: concurrency 50, 3 retries
        settings.put("ingest.retry.delay-ms", "200");
    }

    /** "with-retry-after": each 429 says Retry-After: 1; "no-retry-after": it says nothing. */
    @ParameterizedTest
    @ValueSource(strings = {"with-retry-after", "no-retry-after"})
    void should_fetch_every_url_of_an_api_that_answers_429_beyond_its_rate(String api) throws Exception {
        JsonNode summary = fetchAll(api, 200);

        assertThat(summary.get("succeeded").asInt()).as("errors: %s", errors(api)).isEqualTo(200);
        assertThat(BUCKETS.get(api).refused.get()).as("429s: the host was slowed down").isLessThan(100);
    }

    private JsonNode fetchAll(String prefix, int count) throws IOException {
        BUCKETS.put(prefix, new Bucket());
        List<String> urls = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            urls.add("http://127.0.0.1:" + server.getAddress().getPort() + "/" + prefix + "/" + i);
        }
        drop(prefix + ".txt", String.join("\n", urls));
        return awaitSummary(prefix);
    }

    private static void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String prefix = path.substring(1, path.indexOf('/', 1));
            Bucket bucket = BUCKETS.get(prefix);
            if (bucket.take()) {
                CountingServer.respond(exchange, 200, "{\"ok\":true}");
                return;
            }
            bucket.refused.incrementAndGet();
            if (prefix.equals("with-retry-after")) {
                exchange.getResponseHeaders().add("Retry-After", "1");
            }
            CountingServer.respond(exchange, 429, "{\"error\":\"rate limited\"}");
        }
    }

    /** PER_SECOND tokens a second, as many at most in the bucket: a burst of PER_SECOND, then that rate. */
    static final class Bucket {
        final AtomicInteger refused = new AtomicInteger();
        private double tokens = PER_SECOND;
        private long last = System.nanoTime();

        synchronized boolean take() {
            long now = System.nanoTime();
            tokens = Math.min(PER_SECOND, tokens + (now - last) / 1e9 * PER_SECOND);
            last = now;
            if (tokens < 1) {
                return false;
            }
            tokens--;
            return true;
        }
    }
}
