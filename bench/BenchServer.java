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
 * The API for bench/memory.sh, bench/items.sh and bench/run.sh: every GET answers 200 with {"id":N,"ok":true} (N =
 * the last path segment when numeric, else 0) after LATENCY_MS. Listens on 127.0.0.1 only and prints "listening on
 * PORT" once ready. Two endpoints answer otherwise:
 *
 *   GET /pages/L?page=N  (bench/run.sh pages) after LATENCY_MS, a page of line L's chain of 20:
 *                        {"line":L,"page":N,"data":[5 items],"next":URL|null}, and on pages 1-19 the header
 *                        Link: <http://127.0.0.1:PORT/pages/L?page=N+1>; rel="next", <...?page=20>; rel="last".
 *                        A page outside 1-20 is a 404.
 *   GET /bulk?bytes=B&format=json|ndjson&chunked=true|false  (bench/items.sh) after LATENCY_MS, one document of
 *                        about B bytes (at most B, at least one item), generated while it is sent, 64 KiB at a time,
 *                        so the server holds none of it: json is {"data":[ITEM,ITEM,...],"next":null} as
 *                        application/json, ndjson is ITEM\n per item as application/x-ndjson. Every ITEM is a JSON
 *                        object of exactly 250 bytes with the fields id (1, 2, ...), sku, name, price, qty, tags,
 *                        active, created and a padding note. With a Content-Length (the exact size) unless
 *                        chunked=true. The response's X-Item-Count header says how many items it holds.
 *
 * Run: java -Dsun.net.httpserver.nodelay=true bench/BenchServer.java PORT LATENCY_MS THREADS   (PORT 0 = any free port)
 * THREADS is the size of a platform thread pool, or "virtual" (or 0): one virtual thread per request (Java 21+), so
 * 1,000 requests sleeping out their latency cost no OS threads. That is what lets it hold 1,000 concurrent
 * connections at 200 ms on 2 cores without being the bottleneck.
 *
 * Bookkeeping for the harness (not counted as requests):
 *   GET /__stats  -> {"count":C,"firstUs":F,"lastUs":L,"bulkItems":I,"bulkBytes":B}: requests served since the last
 *                    reset, epoch microseconds of the first request's arrival and of the last response sent (0 when
 *                    none), and the items and body bytes /bulk has sent (a response cut off counts what was sent)
 *   GET /__reset  -> zeroes them all, so one server serves several runs
 */
public class BenchServer {

    private static final AtomicLong COUNT = new AtomicLong();
    private static final AtomicLong FIRST_US = new AtomicLong();
    private static final AtomicLong LAST_US = new AtomicLong();
    private static final AtomicLong BULK_ITEMS = new AtomicLong();
    private static final AtomicLong BULK_BYTES = new AtomicLong();

    private static final int PAGES = 20;
    private static final int ITEMS_PER_PAGE = 5;
    private static final int ITEM_BYTES = 250;
    private static final byte[] JSON_HEAD = "{\"data\":[".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] JSON_TAIL = "],\"next\":null}".getBytes(StandardCharsets.US_ASCII);
    private static final String[] TAGS = {"[\"red\",\"small\"]", "[\"blue\"]", "[\"green\",\"large\",\"sale\"]", "[]"};

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
            BULK_ITEMS.set(0);
            BULK_BYTES.set(0);
            respond(exchange, "{\"reset\":true}");
        });
        server.createContext("/pages/", exchange -> page(exchange, latencyMs));
        server.createContext("/bulk", exchange -> bulk(exchange, latencyMs));
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
            served();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void served() {
        COUNT.incrementAndGet();
        LAST_US.accumulateAndGet(nowUs(), Math::max);
    }

    private static void page(HttpExchange exchange, long latencyMs) throws IOException {
        FIRST_US.compareAndSet(0, nowUs());
        try (exchange) {
            if (latencyMs > 0) {
                Thread.sleep(latencyMs);
            }
            long line = id(exchange.getRequestURI().getPath());
            long page = queryLong(exchange.getRequestURI().getRawQuery(), "page", 1);
            if (page < 1 || page > PAGES) {
                respond(exchange, 404, "application/json", "{\"error\":\"no page " + page + "\"}");
                served();
                return;
            }
            String base = "http://127.0.0.1:" + exchange.getLocalAddress().getPort() + "/pages/" + line + "?page=";
            String next = page < PAGES ? base + (page + 1) : null;
            if (next != null) {
                exchange.getResponseHeaders().set("Link",
                        "<" + next + ">; rel=\"next\", <" + base + PAGES + ">; rel=\"last\"");
            }
            StringBuilder json = new StringBuilder(512).append("{\"line\":").append(line).append(",\"page\":")
                    .append(page).append(",\"data\":[");
            for (int i = 0; i < ITEMS_PER_PAGE; i++) {
                long id = ((line - 1) * PAGES + page - 1) * ITEMS_PER_PAGE + i + 1;
                json.append(i == 0 ? "" : ",").append("{\"id\":").append(id).append(",\"name\":\"item ").append(id)
                        .append("\",\"price\":").append(id % 10000 / 100).append('.').append(id % 10 + 10).append('}');
            }
            json.append("],\"next\":").append(next == null ? "null" : "\"" + next + "\"").append('}');
            respond(exchange, 200, "application/json", json.toString());
            served();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Streams the document item by item through one 64 KiB buffer: its size never shows in the server's memory. */
    private static void bulk(HttpExchange exchange, long latencyMs) throws IOException {
        FIRST_US.compareAndSet(0, nowUs());
        try (exchange) {
            if (latencyMs > 0) {
                Thread.sleep(latencyMs);
            }
            String query = exchange.getRequestURI().getRawQuery();
            long bytes = queryLong(query, "bytes", 1L << 30);
            boolean ndjson = "ndjson".equals(queryText(query, "format", "json"));
            boolean chunked = "true".equals(queryText(query, "chunked", "false"));
            // json: head + n items + (n - 1) commas + tail <= bytes; ndjson: n x (item + newline) <= bytes
            long items = ndjson ? Math.max(1, bytes / (ITEM_BYTES + 1))
                    : Math.max(1, (bytes - JSON_HEAD.length - JSON_TAIL.length + 1) / (ITEM_BYTES + 1));
            long length = ndjson ? items * (ITEM_BYTES + 1)
                    : JSON_HEAD.length + items * ITEM_BYTES + (items - 1) + JSON_TAIL.length;
            exchange.getResponseHeaders().set("Content-Type", ndjson ? "application/x-ndjson" : "application/json");
            exchange.getResponseHeaders().set("X-Item-Count", Long.toString(items));
            exchange.sendResponseHeaders(200, chunked ? 0 : length);
            byte[] buffer = new byte[64 * 1024];
            StringBuilder item = new StringBuilder(ITEM_BYTES);
            int at = 0;
            try (OutputStream out = exchange.getResponseBody()) {
                if (!ndjson) {
                    System.arraycopy(JSON_HEAD, 0, buffer, 0, JSON_HEAD.length);
                    at = JSON_HEAD.length;
                }
                for (long id = 1; id <= items; id++) {
                    if (at + ITEM_BYTES + 1 > buffer.length) {
                        out.write(buffer, 0, at);
                        BULK_BYTES.addAndGet(at);
                        at = 0;
                    }
                    if (!ndjson && id > 1) {
                        buffer[at++] = ',';
                    }
                    at = item(item, id, buffer, at);
                    if (ndjson) {
                        buffer[at++] = '\n';
                    }
                    BULK_ITEMS.incrementAndGet();
                }
                if (!ndjson) {
                    if (at + JSON_TAIL.length > buffer.length) {
                        out.write(buffer, 0, at);
                        BULK_BYTES.addAndGet(at);
                        at = 0;
                    }
                    System.arraycopy(JSON_TAIL, 0, buffer, at, JSON_TAIL.length);
                    at += JSON_TAIL.length;
                }
                out.write(buffer, 0, at);
                BULK_BYTES.addAndGet(at);
            }
            served();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes item {@code id}, padded to exactly ITEM_BYTES, into the buffer at {@code at}; returns the new end. */
    private static int item(StringBuilder item, long id, byte[] buffer, int at) {
        item.setLength(0);
        item.append("{\"id\":").append(id).append(",\"sku\":\"SKU-").append(1_000_000_000L + id)
                .append("\",\"name\":\"item ").append(id).append("\",\"price\":").append(id % 100_000 / 100).append('.')
                .append(id % 90 + 10).append(",\"qty\":").append(id % 97).append(",\"tags\":").append(TAGS[(int) (id % 4)])
                .append(",\"active\":").append(id % 3 != 0).append(",\"created\":\"2026-").append(id % 9 + 1 < 10 ? "0" : "")
                .append(id % 9 + 1).append('-').append(id % 18 + 10).append("T12:00:00Z\",\"note\":\"");
        while (item.length() < ITEM_BYTES - 2) {
            item.append('x');
        }
        item.append("\"}");
        for (int i = 0; i < ITEM_BYTES; i++) {
            buffer[at + i] = (byte) item.charAt(i);
        }
        return at + ITEM_BYTES;
    }

    private static String queryText(String query, String name, String otherwise) {
        if (query != null) {
            for (String pair : query.split("&")) {
                if (pair.startsWith(name + "=")) {
                    return pair.substring(name.length() + 1);
                }
            }
        }
        return otherwise;
    }

    private static long queryLong(String query, String name, long otherwise) {
        try {
            return Long.parseLong(queryText(query, name, Long.toString(otherwise)));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void stats(HttpExchange exchange) throws IOException {
        try (exchange) {
            respond(exchange, "{\"count\":" + COUNT.get() + ",\"firstUs\":" + FIRST_US.get() + ",\"lastUs\":"
                    + LAST_US.get() + ",\"bulkItems\":" + BULK_ITEMS.get() + ",\"bulkBytes\":" + BULK_BYTES.get() + "}");
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
        respond(exchange, 200, "application/json", json);
    }

    private static void respond(HttpExchange exchange, int status, String type, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
