package io.apiingest;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A local API whose answers are streamed as they are made (chunked, never held whole), for the item tests: each
 * test registers a path with {@link #on}; the stream may pause, or break off, which cuts the connection without
 * ending the body. Counts the requests of each path.
 */
final class StreamingApi implements AutoCloseable, AfterAllCallback {

    /** Writes a response body; {@code request} is the 1-based count of requests to the path so far. */
    interface Body {
        void write(Stream out, int request) throws Exception;
    }

    /** The body under way. */
    static final class Stream {
        private final OutputStream out;

        Stream(OutputStream out) {
            this.out = out;
        }

        Stream text(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            return this;
        }

        Stream flush() throws IOException {
            out.flush();
            return this;
        }

        /** Breaks the connection off here: the client sees a body cut short. */
        void breakOff() throws IOException {
            out.flush();
            throw new IOException("broken off on purpose");
        }
    }

    private record Route(int status, String contentType, Body body) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, Route> paths = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();

    static StreamingApi start() {
        try {
            return new StreamingApi();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private StreamingApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    String url(String pathAndQuery) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery;
    }

    StreamingApi on(String path, String contentType, Body body) {
        paths.put(path, new Route(200, contentType, body));
        return this;
    }

    /** Answers every request to the path with the status and an empty JSON object. */
    StreamingApi answer(String path, int status) {
        paths.put(path, new Route(status, "application/json", (out, request) -> out.text("{}")));
        return this;
    }

    int requests(String path) {
        AtomicInteger count = requests.get(path);
        return count == null ? 0 : count.get();
    }

    /** Every request's path and Authorization header ("-" for none), in order. */
    List<String> authorizations() {
        return authorizations;
    }

    /** Every request received to the path, as path?query, in order. */
    List<String> received(String path) {
        return received.stream().filter(r -> r.equals(path) || r.startsWith(path + "?")).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String query = exchange.getRequestURI().getRawQuery();
        received.add(query == null ? path : path + "?" + query);
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        authorizations.add(path + " " + (authorization == null ? "-" : authorization));
        int request = requests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        Route route = paths.get(path);
        if (route == null) {
            CountingServer.respond(exchange, 404, "{}");
            return;
        }
        exchange.getResponseHeaders().add("Content-Type", route.contentType());
        exchange.sendResponseHeaders(route.status(), 0); // chunked
        OutputStream out = exchange.getResponseBody();
        try {
            route.body().write(new Stream(out), request);
            out.close();
        } catch (Exception brokenOff) {
            // thrown out of the handler, the JDK server closes the connection, not the body: no last chunk, so
            // the client sees the body cut short
            throw new IllegalStateException("broken off", brokenOff);
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
