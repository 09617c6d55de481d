package io.apiingest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A raw HTTP/1.1 server on a loopback port for what WireMock cannot serve:
 * {@code /endless/*} answers 200 with a 10 GB Content-Length and writes until the client hangs up;
 * {@code /drip-body/*} answers 200 at once, then drips its 300-byte body one byte every 200 ms (a minute);
 * {@code /drip-headers/*} drips the status line and headers themselves, one byte every 200 ms;
 * a path given to {@link #cutShort} answers 200 with a Content-Length 1000 bytes longer than the body it sends,
 * then hangs up.
 */
final class HostileServer implements AutoCloseable {

    static final long DRIP_INTERVAL_MS = 200;

    private final ServerSocket server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "hostile-server");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> bodyBytesWritten = new ConcurrentHashMap<>();
    private final Map<String, CutShort> cutShort = new ConcurrentHashMap<>();

    private record CutShort(String contentEncoding, byte[] start) {
    }

    HostileServer() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        executor.execute(this::accept);
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getLocalPort() + path;
    }

    /** From now on {@code path} answers with {@code start} of a body in that Content-Encoding, and no more. */
    void cutShort(String path, String contentEncoding, byte[] start) {
        cutShort.put(path, new CutShort(contentEncoding, start));
    }

    int requestsTo(String path) {
        AtomicInteger count = requests.get(path);
        return count == null ? 0 : count.get();
    }

    /** Bytes of the /endless body written to the path, all its requests together, before the client hung up. */
    long bodyBytesWrittenTo(String path) {
        AtomicLong count = bodyBytesWritten.get(path);
        return count == null ? 0 : count.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                sockets.add(socket);
                executor.execute(() -> serve(socket));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.ISO_8859_1));
            String requestLine = in.readLine();
            String header;
            do {
                header = in.readLine();
            } while (header != null && !header.isEmpty());
            if (requestLine == null) {
                return;
            }
            String path = requestLine.split(" ")[1];
            requests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            OutputStream out = socket.getOutputStream();
            if (path.startsWith("/endless/")) {
                endless(out, bodyBytesWritten.computeIfAbsent(path, p -> new AtomicLong()));
            } else if (path.startsWith("/drip-body/")) {
                send(out, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 300\r\n\r\n");
                drip(out, "x".repeat(300));
            } else if (path.startsWith("/drip-headers/")) {
                drip(out, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok");
            } else if (cutShort.containsKey(path)) {
                CutShort response = cutShort.get(path);
                send(out, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: "
                        + response.contentEncoding() + "\r\nContent-Length: " + (response.start().length + 1000)
                        + "\r\n\r\n");
                out.write(response.start());
                out.flush();
            } else {
                send(out, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
            }
        } catch (IOException | InterruptedException clientHungUp) {
            // what the client does to a hostile server: nothing to report
        } finally {
            sockets.remove(socket);
        }
    }

    private static void endless(OutputStream out, AtomicLong written) throws IOException {
        send(out, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 10000000000\r\n\r\n");
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) 'x');
        while (true) {
            out.write(chunk);
            written.addAndGet(chunk.length);
        }
    }

    private static void drip(OutputStream out, String text) throws IOException, InterruptedException {
        for (byte b : text.getBytes(StandardCharsets.ISO_8859_1)) {
            out.write(b);
            out.flush();
            Thread.sleep(DRIP_INTERVAL_MS);
        }
    }

    private static void send(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : sockets) {
            socket.close();
        }
        executor.shutdownNow();
    }
}
