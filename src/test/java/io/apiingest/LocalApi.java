package io.apiingest;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The API the packaged-jar tests fetch from, on 127.0.0.1 and a free port, counting requests by path:
 * {@code /ok/N} answers {@code {"n":N}}, {@code /slow/N} the same after 200 ms, {@code /flaky} 503 once and then
 * 200, {@code /text} a plain-text body, {@code /host} {@code {"host":…}} with the request's Host header,
 * {@code /orders/CODING} {@link EncodedBodies#orders} in that Content-Encoding when the request offers it (406
 * when not), {@code /chain/N/L?page=K} page K of line L's chain of N pages after 30 to 50 ms
 * ({@code {"line":L,"page":K,"next":…}}, the next page's path or null), anything else 404. Each request is also
 * kept in {@link #requests()} with its query and its X-Worker header, so a test can tell which process sent it.
 */
final class LocalApi implements AutoCloseable {

    static {
        // the JDK HttpServer otherwise leaves Nagle on, and each response can stall 40 ms on a delayed ACK
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    /** A page of a chain, {@code /chain/N/L?page=K}: N, L and K are its groups 1 to 3. */
    static final Pattern CHAIN_PAGE = Pattern.compile("/chain/(\\d+)/(\\d+)\\?page=(\\d+)");

    /** A request as the server saw it: path and query, the X-Worker header ("-" without one), when it came. */
    record Request(String target, String worker, long atNanos) {
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Map<String, AtomicInteger> requestsByPath = new ConcurrentHashMap<>();
    private final Queue<Request> requests = new ConcurrentLinkedQueue<>();

    private LocalApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.createContext("/", this::serve);
        server.start();
    }

    static LocalApi start() throws IOException {
        return new LocalApi();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    int requestsTo(String path) {
        AtomicInteger count = requestsByPath.get(path);
        return count == null ? 0 : count.get();
    }

    /** Every request so far, in the order they came. */
    List<Request> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    private void serve(HttpExchange exchange) throws IOException {
        try {
            String path = exchange.getRequestURI().getPath();
            String query = exchange.getRequestURI().getRawQuery();
            String target = query == null ? path : path + "?" + query;
            String worker = exchange.getRequestHeaders().getFirst("X-Worker");
            requests.add(new Request(target, worker == null ? "-" : worker, System.nanoTime()));
            Matcher chainPage = CHAIN_PAGE.matcher(target);
            int calls = requestsByPath.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            if (path.startsWith("/ok/")) {
                respond(exchange, "application/json", "{\"n\":" + path.substring("/ok/".length()) + "}");
            } else if (path.startsWith("/slow/")) {
                Thread.sleep(200);
                respond(exchange, "application/json", "{\"slow\":" + path.substring("/slow/".length()) + "}");
            } else if (path.equals("/flaky") && calls == 1) {
                exchange.sendResponseHeaders(503, -1);
            } else if (path.equals("/flaky")) {
                respond(exchange, "application/json", "{\"n\":\"flaky\"}");
            } else if (path.equals("/text")) {
                respond(exchange, "text/plain; charset=utf-8", "hello");
            } else if (path.equals("/host")) {
                respond(exchange, "application/json",
                        "{\"host\":\"" + exchange.getRequestHeaders().getFirst("Host") + "\"}");
            } else if (path.startsWith("/orders/")) {
                respondIn(exchange, path.substring("/orders/".length()));
            } else if (chainPage.matches()) {
                respondPage(exchange, Integer.parseInt(chainPage.group(1)), Long.parseLong(chainPage.group(2)),
                        Integer.parseInt(chainPage.group(3)));
            } else {
                exchange.sendResponseHeaders(404, -1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            exchange.close();
        }
    }

    private static void respondPage(HttpExchange exchange, int pages, long line, int page)
            throws IOException, InterruptedException {
        if (page < 1 || page > pages) {
            exchange.sendResponseHeaders(404, -1);
            return;
        }
        Thread.sleep(30 + (line * 31 + page * 17) % 21);
        String next = page < pages ? "\"/chain/" + pages + "/" + line + "?page=" + (page + 1) + "\"" : "null";
        respond(exchange, "application/json", "{\"line\":" + line + ",\"page\":" + page + ",\"next\":" + next + "}");
    }

    private static void respondIn(HttpExchange exchange, String coding) throws IOException {
        String offered = exchange.getRequestHeaders().getFirst("Accept-Encoding");
        if (offered == null || !List.of(offered.split(" *, *")).contains(coding)) {
            exchange.sendResponseHeaders(406, -1);
            return;
        }
        byte[] body = EncodedBodies.orders(coding);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("Content-Encoding", coding);
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static void respond(HttpExchange exchange, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
