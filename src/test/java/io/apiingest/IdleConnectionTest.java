package io.apiingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A server that closes a keep-alive connection idle for 100 ms, as some do (Node's default is 5 s, some proxies go
 * lower), and POSTs 200 ms apart: every request after the first would find its pooled connection closed, and a
 * POST that fails so is not retried.
 */
class IdleConnectionTest extends IngestTestSupport {

    static ServerSocket server;
    static final ExecutorService CONNECTIONS = Executors.newCachedThreadPool();
    static final AtomicInteger REQUESTS = new AtomicInteger();

    @BeforeAll
    static void startServer() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        CONNECTIONS.execute(() -> {
            while (!server.isClosed()) {
                try {
                    Socket connection = server.accept();
                    CONNECTIONS.execute(() -> serve(connection));
                } catch (IOException closed) {
                    return;
                }
            }
        });
    }

    @AfterAll
    static void stopServer() throws IOException {
        server.close();
        CONNECTIONS.shutdownNow();
    }

    @Override
    protected void settings(Properties settings) {
        settings.put("ingest.rate", "5");
        settings.put("ingest.request.method", "POST");
        settings.put("ingest.concurrency", "1");
        settings.put("ingest.retry.max", "0");
    }

    @Test
    void should_not_send_a_request_on_a_connection_the_server_closed_while_it_was_idle() throws Exception {
        List<String> urls = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            urls.add("http://127.0.0.1:" + server.getLocalPort() + "/items/" + i);
        }
        drop("idle.txt", String.join("\n", urls));

        JsonNode summary = awaitSummary("idle");

        assertThat(errors("idle")).as("no request went out on a closed connection").isEmpty();
        assertThat(summary.get("succeeded").asInt()).isEqualTo(6);
        assertThat(REQUESTS.get()).isEqualTo(6);
    }

    /** HTTP/1.1 keep-alive, but a connection with no new request within 100 ms is closed. */
    private static void serve(Socket connection) {
        try (connection) {
            connection.setSoTimeout(100);
            BufferedReader in = new BufferedReader(new InputStreamReader(connection.getInputStream(),
                    StandardCharsets.ISO_8859_1));
            OutputStream out = connection.getOutputStream();
            while (true) {
                String requestLine;
                try {
                    requestLine = in.readLine();
                } catch (SocketTimeoutException idle) {
                    return;
                }
                if (requestLine == null) {
                    return;
                }
                for (String header = in.readLine(); header != null && !header.isEmpty(); header = in.readLine()) {
                    // headers are not needed
                }
                REQUESTS.incrementAndGet();
                byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                        + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.write(body);
                out.flush();
            }
        } catch (IOException gone) {
            // the client went away
        }
    }
}
