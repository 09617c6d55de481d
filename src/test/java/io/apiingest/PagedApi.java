package io.apiingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A local paginated API for the pagination tests: each test registers the pages of a path with {@link #on}, and
 * the server counts what it received (every request URI, requests in flight at once).
 */
final class PagedApi implements AutoCloseable, AfterAllCallback {

    /** What a handler answers: status, body, and the Link header (or null). */
    record Answer(int status, String body, String link) {
        static Answer json(String body) {
            return new Answer(200, body, null);
        }
    }

    /** A page's handler: the request's query parameters in, the answer out. */
    interface Pages {
        Answer answer(Map<String, String> query);
    }

    /** A page's handler that reads the request body too (empty when there is none). */
    interface BodyPages {
        Answer answer(Map<String, String> query, String body);
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, BodyPages> paths = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final List<String[]> bodies = new CopyOnWriteArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private volatile long latencyMs;

    static PagedApi start() {
        try {
            return new PagedApi();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private PagedApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    String url(String pathAndQuery) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery;
    }

    PagedApi on(String path, Pages pages) {
        paths.put(path, (query, body) -> pages.answer(query));
        return this;
    }

    PagedApi onBody(String path, BodyPages pages) {
        paths.put(path, pages);
        return this;
    }

    void latencyMs(long latency) {
        latencyMs = latency;
    }

    /** Every request received, as path?query, in order of arrival. */
    List<String> received(String path) {
        return received.stream().filter(r -> r.equals(path) || r.startsWith(path + "?")).toList();
    }

    /** Every request body received for the path (its query aside), in order of arrival. */
    List<String> bodies(String path) {
        return bodies.stream().filter(r -> r[0].equals(path)).map(r -> r[1]).toList();
    }

    int maxInFlight() {
        return maxInFlight.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String query = exchange.getRequestURI().getRawQuery();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(query == null ? path : path + "?" + query);
            bodies.add(new String[] {path, body});
            if (latencyMs > 0) {
                Thread.sleep(latencyMs);
            }
            BodyPages pages = paths.get(path);
            Answer answer = pages == null ? new Answer(404, "{}", null) : pages.answer(query(query), body);
            if (answer.link() != null) {
                exchange.getResponseHeaders().add("Link", answer.link());
            }
            CountingServer.respond(exchange, answer.status(), answer.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                query.put(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : pair.substring(eq + 1));
            }
        }
        return query;
    }

    static int intParam(Map<String, String> query, String name, int fallback) {
        String value = query.get(name);
        return value == null ? fallback : Integer.parseInt(value);
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
