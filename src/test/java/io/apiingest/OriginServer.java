package io.apiingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One origin of the pacing tests, on a port of its own: a token bucket that answers 429 with Retry-After when it
 * is empty (and, if asked, announces its quota in RateLimit fields), an unlimited one with a latency, or one that
 * answers 503 to everything. It counts what it received and when.
 */
final class OriginServer implements AutoCloseable, AfterAllCallback {

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final double ratePerSecond;
    private final double burst;
    private final long latencyMs;
    private final boolean refuseAll;
    private final boolean announce;
    private double tokens;
    private long refilledAt = System.nanoTime();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private final List<Long> okNanos = new CopyOnWriteArrayList<>();
    private final List<Long> requestNanos = new CopyOnWriteArrayList<>();

    private OriginServer(double ratePerSecond, double burst, long latencyMs, boolean refuseAll, boolean announce) {
        this.ratePerSecond = ratePerSecond;
        this.burst = burst;
        this.tokens = burst;
        this.latencyMs = latencyMs;
        this.refuseAll = refuseAll;
        this.announce = announce;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 500);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** A token bucket: {@code rate} requests a second, {@code burst} at once; 429 with Retry-After: 1 over it. */
    static OriginServer bucket(double rate, double burst, boolean announce) {
        return new OriginServer(rate, burst, 0, false, announce);
    }

    static OriginServer unlimited(long latencyMs) {
        return new OriginServer(0, 0, latencyMs, false, false);
    }

    static OriginServer refusingAll() {
        return new OriginServer(0, 0, 0, true, false);
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    int requests() {
        return requests.get();
    }

    int refused() {
        return refused.get();
    }

    /** When the first request came, and when the last 2xx went, by this JVM's clock. */
    long firstRequestNanos() {
        return requestNanos.stream().mapToLong(Long::longValue).min().orElse(0);
    }

    long lastOkNanos() {
        return okNanos.stream().mapToLong(Long::longValue).max().orElse(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        requestNanos.add(System.nanoTime());
        try (exchange) {
            if (latencyMs > 0) {
                Thread.sleep(latencyMs);
            }
            if (refuseAll) {
                refused.incrementAndGet();
                CountingServer.respond(exchange, 503, "{}");
                return;
            }
            if (ratePerSecond > 0) {
                double left;
                synchronized (this) {
                    long now = System.nanoTime();
                    tokens = Math.min(burst, tokens + (now - refilledAt) / 1e9 * ratePerSecond);
                    refilledAt = now;
                    left = tokens;
                    if (tokens >= 1) {
                        tokens -= 1;
                    }
                }
                if (announce) {
                    exchange.getResponseHeaders().add("RateLimit-Policy", "\"bucket\";q=" + (long) ratePerSecond
                            + ";w=1");
                    exchange.getResponseHeaders().add("RateLimit", "\"bucket\";r=" + (long) Math.max(0, left - 1)
                            + ";t=1");
                }
                if (left < 1) {
                    refused.incrementAndGet();
                    exchange.getResponseHeaders().add("Retry-After", "1");
                    CountingServer.respond(exchange, 429, "{}");
                    return;
                }
            }
            okNanos.add(System.nanoTime());
            CountingServer.respond(exchange, 200, "{\"ok\":true}");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
