package io.apiingest;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A local HTTP server that counts what a polite client must respect: requests in flight at once and request
 * start times. {@code /fast/*} answers 200 after {@code latencyMs}; {@code /limited/*} answers 429 with
 * {@code Retry-After} on its first call and 200 after; {@code /broken-once/*} answers 500 on its first call and 200
 * after; {@code /moved/N} redirects to {@code /fast/N}.
 */
final class CountingServer implements AutoCloseable, AfterAllCallback {

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final long latencyMs;
    private final String retryAfter;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final List<Long> startNanos = new ArrayList<>();
    private final Map<String, List<Long>> startsByPath = new ConcurrentHashMap<>();

    /**
     * A server for a test class's static field: {@code @RegisterExtension static final CountingServer server =
     * CountingServer.start(...)}, closed after the class's tests.
     */
    static CountingServer start(long latencyMs, String retryAfter) {
        try {
            return new CountingServer(latencyMs, retryAfter);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the counting server", e);
        }
    }

    CountingServer(long latencyMs, String retryAfter) throws IOException {
        this.latencyMs = latencyMs;
        this.retryAfter = retryAfter;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    int maxInFlight() {
        return maxInFlight.get();
    }

    synchronized List<Long> startNanos() {
        return List.copyOf(startNanos);
    }

    List<Long> startsOf(String path) {
        return startsByPath.getOrDefault(path, List.of());
    }

    /** The most request starts seen in any one-second window [t, t + 1 s). */
    int maxStartsInAnySecond() {
        List<Long> starts = new ArrayList<>(startNanos());
        starts.sort(null);
        int max = 0;
        int from = 0;
        for (int to = 0; to < starts.size(); to++) {
            while (starts.get(to) - starts.get(from) >= 1_000_000_000L) {
                from++;
            }
            max = Math.max(max, to - from + 1);
        }
        return max;
    }

    private void handle(HttpExchange exchange) throws IOException {
        long now = System.nanoTime();
        int current = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(current, Math::max);
        String path = exchange.getRequestURI().getPath();
        synchronized (this) {
            startNanos.add(now);
        }
        List<Long> starts = startsByPath.computeIfAbsent(path, p -> new java.util.concurrent.CopyOnWriteArrayList<>());
        starts.add(now);
        try (exchange) {
            if (path.startsWith("/moved/")) {
                exchange.getResponseHeaders().add("Location", "/fast/" + path.substring("/moved/".length()));
                exchange.sendResponseHeaders(302, -1);
            } else if (path.startsWith("/broken-once/") && starts.size() == 1) {
                respond(exchange, 500, "{\"error\":\"try again\"}");
            } else if (path.startsWith("/limited/") && starts.size() == 1) {
                exchange.getResponseHeaders().add("Retry-After", retryAfter);
                respond(exchange, 429, "{\"error\":\"slow down\"}");
            } else {
                if (latencyMs > 0) {
                    Thread.sleep(latencyMs);
                }
                respond(exchange, 200, "{\"path\":\"" + path + "\"}");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /** A JSON answer with its length: what the test servers send. */
    static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
