package io.apiingest.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.apache.camel.Service;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ingest.demo=true}: a small sample API on 127.0.0.1 and a URL file for it, so a newcomer sees the whole
 * flow (successes, a retried 503, a 404, text, a redirect, a bad line; a .jsonl of POSTs with bodies, an API that
 * wants a bearer token, an invalid spec) without any network.
 */
public final class DemoApi implements Service {

    private static final Logger LOG = LoggerFactory.getLogger(DemoApi.class);
    /** The sample files, by the name they are dropped under: URL lines, and request specs. */
    static final Map<String, String> SAMPLES = new java.util.LinkedHashMap<>(Map.of(
            "demo.txt", "/demo/urls.txt", "orders.jsonl", "/demo/orders.jsonl"));
    /** The bearer token /account accepts. */
    static final String TOKEN = "demo-token";

    private final int requestedPort;
    private final Map<String, AtomicInteger> flakyCalls = new ConcurrentHashMap<>();
    private final AtomicInteger orders = new AtomicInteger();
    private HttpServer server;

    public DemoApi(int port) {
        this.requestedPort = port;
    }

    @Override
    public void start() {
        if (server != null) {
            return;
        }
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), requestedPort), 100);
        } catch (IOException e) {
            throw new IllegalStateException("demo API could not listen on 127.0.0.1:" + requestedPort + ": " + e, e);
        }
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/", this::handle);
        server.start();
        LOG.info("Demo API listening on {}", baseUrl());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
            ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
            server = null;
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Writes the sample files into the inbox (each under a temporary name first, so it is taken whole). */
    public void dropSampleFiles(Path inbox) throws IOException {
        for (Map.Entry<String, String> sample : SAMPLES.entrySet()) {
            String template;
            try (InputStream in = DemoApi.class.getResourceAsStream(sample.getValue())) {
                template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Path temporary = inbox.resolve(sample.getKey() + ".tmp");
            Files.writeString(temporary, template.replace("{base}", baseUrl()), StandardCharsets.UTF_8);
            Files.move(temporary, inbox.resolve(sample.getKey()), StandardCopyOption.ATOMIC_MOVE);
            LOG.info("Demo file dropped: {}", inbox.resolve(sample.getKey()));
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        try (exchange) {
            if (path.startsWith("/items/")) {
                String id = path.substring("/items/".length());
                respond(exchange, 200, "application/json",
                        "{\"id\":" + jsonNumberOrString(id) + ",\"name\":\"item " + id + "\",\"inStock\":true}");
            } else if (path.startsWith("/flaky/")) {
                int call = flakyCalls.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
                if (call == 1) {
                    exchange.getResponseHeaders().add("Retry-After", "1");
                    respond(exchange, 503, "text/plain", "busy, come back in a second");
                } else {
                    respond(exchange, 200, "application/json", "{\"recovered\":true,\"calls\":" + call + "}");
                }
            } else if (path.equals("/slow")) {
                sleep(300);
                respond(exchange, 200, "application/json", "{\"slow\":true}");
            } else if (path.equals("/text")) {
                respond(exchange, 200, "text/plain; charset=utf-8", "plain text, kept as a JSON string");
            } else if (path.equals("/orders") && exchange.getRequestMethod().equals("POST")) {
                // echoes the order it was sent, as an API that creates something does
                String order = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                boolean json = String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type"))
                        .startsWith("application/json");
                respond(exchange, json ? 201 : 415, "application/json", json
                        ? "{\"orderId\":" + orders.incrementAndGet() + ",\"received\":" + order + "}"
                        : "{\"error\":\"send JSON\"}");
            } else if (path.equals("/account")) {
                if (("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                    respond(exchange, 200, "application/json", "{\"account\":\"demo\",\"plan\":\"free\"}");
                } else {
                    exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer");
                    respond(exchange, 401, "application/json", "{\"error\":\"a bearer token is required\"}");
                }
            } else if (path.equals("/moved")) {
                exchange.getResponseHeaders().add("Location", "/items/1");
                respond(exchange, 302, "text/plain", "");
            } else {
                respond(exchange, 404, "application/json", "{\"error\":\"not found\"}");
            }
        }
    }

    private static String jsonNumberOrString(String id) {
        return id.matches("\\d{1,9}") ? id : "\"" + id.replace("\"", "") + "\"";
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
