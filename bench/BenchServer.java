import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The API for bench/memory.sh: every GET answers 200 with a small JSON body after LATENCY_MS.
 * Run: java -Dsun.net.httpserver.nodelay=true bench/BenchServer.java PORT LATENCY_MS THREADS (PORT 0 = any free
 * port). Listens on 127.0.0.1 only and prints "listening on PORT" once ready.
 */
public class BenchServer {

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: java -Dsun.net.httpserver.nodelay=true bench/BenchServer.java PORT LATENCY_MS THREADS");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        long latencyMs = Long.parseLong(args[1]);
        int threads = Integer.parseInt(args[2]);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
        server.setExecutor(Executors.newFixedThreadPool(threads));
        server.createContext("/", exchange -> serve(exchange, latencyMs));
        server.start();
        System.out.println("listening on " + server.getAddress().getPort());
        System.out.flush();
    }

    private static void serve(HttpExchange exchange, long latencyMs) throws IOException {
        try (exchange) {
            if (latencyMs > 0) {
                Thread.sleep(latencyMs);
            }
            byte[] body = ("{\"path\":\"" + exchange.getRequestURI().getPath() + "\",\"ok\":true}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
