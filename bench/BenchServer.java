import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The API for bench/memory.sh and bench/run.sh: every GET answers 200 with {"id":N,"ok":true} (N = the last path
 * segment when numeric, else 0) after LATENCY_MS. Listens on 127.0.0.1 only and prints "listening on PORT" once ready.
 *
 * Run: java -Dsun.net.httpserver.nodelay=true bench/BenchServer.java PORT LATENCY_MS THREADS   (PORT 0 = any free port)
 * THREADS is the size of a platform thread pool, or "virtual" (or 0): one virtual thread per request (Java 21+), so
 * 1,000 requests sleeping out their latency cost no OS threads. That is what lets it hold 1,000 concurrent
 * connections at 200 ms on 2 cores without being the bottleneck.
 *
 * Bookkeeping for the harness (not counted as requests):
 *   GET /__stats  -> {"count":C,"firstUs":F,"lastUs":L}: requests served since the last reset, epoch microseconds of
 *                    the first request's arrival and of the last response sent (0 when none)
 *   GET /__reset  -> zeroes the three, so one server serves several runs
 */
public class BenchServer {

    private static final AtomicLong COUNT = new AtomicLong();
    private static final AtomicLong FIRST_US = new AtomicLong();
    private static final AtomicLong LAST_US = new AtomicLong();

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: java -Dsun.net.httpserver.nodelay=true bench/BenchServer.java PORT LATENCY_MS THREADS|virtual");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        long latencyMs = Long.parseLong(args[1]);
        // defaults for the JDK server, unless given with -D: without nodelay every response waits ~40 ms on Nagle;
        // the default cap of 200 idle keep-alive connections would close most of 1,000 client connections
        setDefault("sun.net.httpserver.nodelay", "true");
        setDefault("sun.net.httpserver.maxIdleConnections", "20000");
        ExecutorService executor = "virtual".equals(args[2]) || "0".equals(args[2])
                ? virtualThreadPerTask()
                : Executors.newFixedThreadPool(Integer.parseInt(args[2]));
        // backlog 4096: a client opening 1,000 connections at once must not see refused or delayed SYNs
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 4096);
        server.setExecutor(executor);
        server.createContext("/__stats", BenchServer::stats);
        server.createContext("/__reset", exchange -> {
            COUNT.set(0);
            FIRST_US.set(0);
            LAST_US.set(0);
            respond(exchange, "{\"reset\":true}");
        });
        server.createContext("/", exchange -> serve(exchange, latencyMs));
        server.start();
        System.out.println("listening on " + server.getAddress().getPort());
        System.out.flush();
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    // by reflection so the file still compiles and runs on Java 17 (memory.sh), where only numeric THREADS work
    private static ExecutorService virtualThreadPerTask() throws Exception {
        return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    }

    private static long nowUs() {
        return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
    }

    private static void serve(HttpExchange exchange, long latencyMs) throws IOException {
        FIRST_US.compareAndSet(0, nowUs());
        try (exchange) {
            if (latencyMs > 0) {
                Thread.sleep(latencyMs);
            }
            respond(exchange, "{\"id\":" + id(exchange.getRequestURI().getPath()) + ",\"ok\":true}");
            COUNT.incrementAndGet();
            long now = nowUs();
            LAST_US.accumulateAndGet(now, Math::max);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void stats(HttpExchange exchange) throws IOException {
        try (exchange) {
            respond(exchange, "{\"count\":" + COUNT.get() + ",\"firstUs\":" + FIRST_US.get() + ",\"lastUs\":"
                    + LAST_US.get() + "}");
        }
    }

    private static long id(String path) {
        String last = path.substring(path.lastIndexOf('/') + 1);
        try {
            return Long.parseLong(last);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static void respond(HttpExchange exchange, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
