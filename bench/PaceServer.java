import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The three origins of bench/run.sh pacing, each on a port of its own on 127.0.0.1 (three origins to a client):
 *
 *   L  a token bucket of RATE requests/s holding at most BURST (full at the start and after each reset). A request
 *      that finds a token takes it and gets 200 {"id":N,"ok":true} after L_LATENCY_MS; one that finds none gets 429
 *      with Retry-After: 1 at once. With ANNOUNCE=1 every answer (200 and 429) also carries
 *        RateLimit-Policy: "default";q=RATE;w=1
 *        RateLimit: "default";r=TOKENS LEFT (whole, after this request);t=SECONDS TO THE NEXT TOKEN (rounded up; 0 when full)
 *   F  unlimited: 200 {"id":N,"ok":true} after F_LATENCY_MS (50)
 *   D  503 to everything, at once, with no Retry-After
 *
 * Prints "listening L_PORT F_PORT D_PORT" once ready. Counters per origin: requests, refusals (429 on L, 503 on D),
 * 2xx, epoch microseconds of the first request's arrival and of the last 2xx sent, and for L its requests and 429s
 * per second since its first request. Bookkeeping, on any of the three ports (not counted):
 *   GET /__stats  -> {"rate":R,"burst":B,"announce":A,"L":{...},"F":{...},"D":{...}}, each origin
 *                    {"requests":n,"refused":n,"ok":n,"firstUs":t,"lastOkUs":t,"lastUs":t}
 *                    (lastUs: the last answer of any status), L also "perSecond":[[req,429],...]
 *   GET /__reset?rate=R&burst=B&announce=0|1  -> zeroes every counter, refills the bucket with the new settings
 *                    (those not given stay as they were)
 *
 * Run: java bench/PaceServer.java RATE BURST ANNOUNCE(0|1) F_LATENCY_MS [L_LATENCY_MS]   (Java 17+; platform
 * threads: the clients have at most a few hundred requests in flight)
 */
public class PaceServer {

    /** One origin's counters. */
    static final class Origin {
        long requests;
        long refused;
        long ok;
        long firstUs;
        long lastOkUs;
        long lastUs;
        final List<long[]> perSecond = new ArrayList<>();

        synchronized void arrived(long us) {
            requests++;
            if (firstUs == 0) {
                firstUs = us;
            }
        }

        synchronized void second(long us, boolean refusal) {
            int s = (int) ((us - firstUs) / 1_000_000);
            while (perSecond.size() <= s) {
                perSecond.add(new long[2]);
            }
            perSecond.get(s)[0]++;
            if (refusal) {
                perSecond.get(s)[1]++;
            }
        }

        synchronized void answered(int status, long us) {
            lastUs = Math.max(lastUs, us);
            if (status == 429 || status == 503) {
                refused++;
            } else if (status / 100 == 2) {
                ok++;
                lastOkUs = Math.max(lastOkUs, us);
            }
        }

        synchronized void reset() {
            requests = refused = ok = firstUs = lastOkUs = lastUs = 0;
            perSecond.clear();
        }

        synchronized String json(boolean seconds) {
            StringBuilder b = new StringBuilder().append("{\"requests\":").append(requests).append(",\"refused\":")
                    .append(refused).append(",\"ok\":").append(ok).append(",\"firstUs\":").append(firstUs)
                    .append(",\"lastOkUs\":").append(lastOkUs).append(",\"lastUs\":").append(lastUs);
            if (seconds) {
                b.append(",\"perSecond\":[");
                for (int i = 0; i < perSecond.size(); i++) {
                    b.append(i == 0 ? "" : ",").append('[').append(perSecond.get(i)[0]).append(',')
                            .append(perSecond.get(i)[1]).append(']');
                }
                b.append(']');
            }
            return b.append('}').toString();
        }
    }

    static final Origin L = new Origin();
    static final Origin F = new Origin();
    static final Origin D = new Origin();

    // the bucket, guarded by PaceServer.class
    static double rate;
    static int burst;
    static boolean announce;
    static double tokens;
    static long refilledAt;

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: java bench/PaceServer.java RATE BURST ANNOUNCE(0|1) F_LATENCY_MS [L_LATENCY_MS]");
            System.exit(2);
        }
        long fLatency = Long.parseLong(args[3]);
        long lLatency = args.length > 4 ? Long.parseLong(args[4]) : 0;
        configure(Double.parseDouble(args[0]), Integer.parseInt(args[1]), "1".equals(args[2]));
        System.setProperty("sun.net.httpserver.nodelay", "true");
        System.setProperty("sun.net.httpserver.maxIdleConnections", "2000");
        ExecutorService executor = Executors.newFixedThreadPool(400);
        HttpServer l = server(executor);
        HttpServer f = server(executor);
        HttpServer d = server(executor);
        l.createContext("/", exchange -> limited(exchange, lLatency));
        f.createContext("/", exchange -> {
            arrive(F);
            sleep(fLatency);
            answer(exchange, F, 200, ok(exchange));
        });
        d.createContext("/", exchange -> {
            arrive(D);
            answer(exchange, D, 503, "{\"error\":\"unavailable\"}");
        });
        l.start();
        f.start();
        d.start();
        System.out.println("listening " + l.getAddress().getPort() + " " + f.getAddress().getPort() + " "
                + d.getAddress().getPort());
        System.out.flush();
    }

    private static HttpServer server(ExecutorService executor) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        server.setExecutor(executor);
        server.createContext("/__stats", exchange -> {
            try (exchange) {
                String json;
                synchronized (PaceServer.class) {
                    json = "{\"rate\":" + rate + ",\"burst\":" + burst + ",\"announce\":" + (announce ? 1 : 0);
                }
                respond(exchange, 200, json + ",\"L\":" + L.json(true) + ",\"F\":" + F.json(false) + ",\"D\":"
                        + D.json(false) + "}");
            }
        });
        server.createContext("/__reset", exchange -> {
            try (exchange) {
                String q = exchange.getRequestURI().getRawQuery();
                synchronized (PaceServer.class) {
                    configure(Double.parseDouble(param(q, "rate", Double.toString(rate))),
                            Integer.parseInt(param(q, "burst", Integer.toString(burst))),
                            "1".equals(param(q, "announce", announce ? "1" : "0")));
                }
                L.reset();
                F.reset();
                D.reset();
                respond(exchange, 200, "{\"reset\":true}");
            }
        });
        return server;
    }

    static synchronized void configure(double r, int b, boolean a) {
        rate = r;
        burst = b;
        announce = a;
        tokens = b;
        refilledAt = System.nanoTime();
    }

    private static void limited(HttpExchange exchange, long latencyMs) throws IOException {
        long us = arrive(L);
        boolean took;
        String policy = null;
        String left = null;
        synchronized (PaceServer.class) {
            long now = System.nanoTime();
            tokens = Math.min(burst, tokens + (now - refilledAt) / 1e9 * rate);
            refilledAt = now;
            took = tokens >= 1;
            if (took) {
                tokens -= 1;
            }
            if (announce) {
                // seconds until the next whole token: (1 - the fraction of one held) / rate, rounded up
                long t = tokens >= burst ? 0 : (long) Math.ceil((Math.floor(tokens) + 1 - tokens) / rate - 1e-9);
                policy = "\"default\";q=" + fmt(rate) + ";w=1";
                left = "\"default\";r=" + (long) Math.floor(tokens) + ";t=" + t;
            }
        }
        L.second(us, !took);
        if (policy != null) {
            exchange.getResponseHeaders().set("RateLimit-Policy", policy);
            exchange.getResponseHeaders().set("RateLimit", left);
        }
        if (!took) {
            exchange.getResponseHeaders().set("Retry-After", "1");
            answer(exchange, L, 429, "{\"error\":\"rate limited\"}");
            return;
        }
        sleep(latencyMs);
        answer(exchange, L, 200, ok(exchange));
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%s", v);
    }

    private static long arrive(Origin origin) {
        long us = nowUs();
        origin.arrived(us);
        return us;
    }

    private static void answer(HttpExchange exchange, Origin origin, int status, String json) throws IOException {
        try (exchange) {
            respond(exchange, status, json);
            origin.answered(status, nowUs());
        }
    }

    private static String ok(HttpExchange exchange) {
        String path = exchange.getRequestURI().getPath();
        String last = path.substring(path.lastIndexOf('/') + 1);
        long id;
        try {
            id = Long.parseLong(last);
        } catch (NumberFormatException e) {
            id = 0;
        }
        return "{\"id\":" + id + ",\"ok\":true}";
    }

    private static void sleep(long ms) {
        if (ms > 0) {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String param(String query, String name, String otherwise) {
        if (query != null) {
            for (String pair : query.split("&")) {
                if (pair.startsWith(name + "=")) {
                    return pair.substring(name.length() + 1);
                }
            }
        }
        return otherwise;
    }

    private static long nowUs() {
        return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
    }

    private static void respond(HttpExchange exchange, int status, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
