package io.apiingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.junit.jupiter.api.Test;

/**
 * A cluster file's summary (the packaged jar as an intake and one worker over a real broker): its per-origin
 * figures are the workers' requests as the server counted them, as a local run has them.
 */
class ClusterSummaryIT extends ClusterTestSupport {


    private Api api;

    @Test
    void should_count_the_workers_requests_and_throttled_answers_per_origin_as_a_local_run_does() throws Exception {
        List<String> input = start("origins");
        for (int n = 1; n <= 40; n++) {
            input.add(api.url((n % 4 == 0 ? "/busy/" : "/ok/") + n)); // every 4th: 429 once, then 200
        }
        List<String> pacing = List.of("--ingest.adaptive=false", "--ingest.origin.rate=40",
                "--ingest.retry.delay-ms=10");
        awaitAssigned(List.of(worker("worker", pacing)));
        drop(workDir.resolve("intake"), input);
        JarProcess intake = intake(pacing);

        assertThat(intake.awaitExit(LIMIT)).as(intake.output()).isZero();

        JsonNode summary = summary(workDir.resolve("intake"));
        assertThat(summary.path("succeeded").asLong()).isEqualTo(40);
        JsonNode origin = summary.path("origins").path(api.origin());
        assertThat(summary.path("origins").size()).as("%s", summary).isEqualTo(1);
        assertThat(api.requests()).as("10 lines retried once").isEqualTo(50);
        assertThat(origin.path("requests").asLong()).as("%s", summary).isEqualTo(api.requests());
        assertThat(origin.path("throttled").asLong()).as("%s", summary).isEqualTo(api.throttled()).isEqualTo(10);
        assertThat(origin.path("pace").asDouble()).as("the worker's pace").isEqualTo(40.0);

        // the same input in one process: the same figures
        api.reset();
        drop(workDir.resolve("local"), input);
        JarProcess local = run(workDir.resolve("local"), "local", List.of("--ingest.once=true",
                "--ingest.metrics.port=0"), pacing);
        assertThat(local.awaitExit(LIMIT)).as(local.output()).isZero();
        assertThat(summary.path("origins")).isEqualTo(summary(workDir.resolve("local")).path("origins"));
    }

    @Test
    void should_end_every_unfinished_line_at_the_intakes_deadline_with_one_record_per_line() throws Exception {
        List<String> input = start("deadline");
        for (int n = 1; n <= 20; n++) {
            input.add(api.url("/slow/" + n)); // 1.5 s each, 4 at a time: 7.5 s, well beyond the deadline
        }
        // the worker has no deadline of its own: the intake's travels with its requests
        JarProcess worker = worker("worker", List.of());
        awaitAssigned(List.of(worker));
        drop(workDir.resolve("intake"), input);
        JarProcess intake = intake(List.of("--ingest.file-deadline-s=3", "--ingest.timeout-ms=5000"));

        assertThat(intake.awaitExit(LIMIT)).as(intake.output()).isZero();

        Map<Long, JsonNode> records = records(workDir.resolve("intake/outbox/orders"));
        assertThat(records).as("one record per line").hasSize(20);
        long succeeded = 0;
        long ended = 0;
        for (int n = 1; n <= 20; n++) {
            JsonNode record = records.get((long) n);
            if (record.path("status").asInt() == 200) {
                succeeded++;
                assertThat(api.requestsTo("/slow/" + n)).as("line %d", n).isEqualTo(1);
            } else {
                assertThat(record.path("error").asText()).as("line %d: %s", n, record).isEqualTo("deadline exceeded");
                ended++;
            }
        }
        assertThat(ended).as("lines ended at the deadline").isGreaterThanOrEqualTo(10);
        JsonNode summary = summary(workDir.resolve("intake"));
        assertThat(summary.path("deadlineExceeded").asBoolean()).as("%s", summary).isTrue();
        assertThat(summary.path("total").asLong()).isEqualTo(20);
        assertThat(summary.path("succeeded").asLong()).isEqualTo(succeeded);
        assertThat(summary.path("failed").asLong()).isEqualTo(ended);
        assertThat(summary.path("origins").path(api.origin()).path("requests").asLong()).isEqualTo(api.requests());
        // the worker sends none of the file's requests after the deadline: only those then in flight finished
        Thread.sleep(2_000);
        assertThat(api.requests()).as("requests the server saw").isEqualTo(succeeded);
    }

    @Test
    void should_end_the_lines_no_worker_answers_and_the_workers_fetch_none_of_them_later() throws Exception {
        List<String> input = start("unanswered");
        for (int n = 1; n <= 10; n++) {
            input.add(api.url("/ok/" + n));
        }
        drop(workDir.resolve("intake"), input);
        // no worker yet: past the deadline and the 1 s a request in flight would have (plus 1 s for transit),
        // the intake ends every line itself
        JarProcess intake = intake(List.of("--ingest.file-deadline-s=2", "--ingest.timeout-ms=1000"));

        assertThat(intake.awaitExit(LIMIT)).as(intake.output()).isZero();

        Path folder = workDir.resolve("intake/outbox/orders");
        Map<Long, JsonNode> records = records(folder);
        assertThat(records).as("one record per line").hasSize(10);
        for (int n = 1; n <= 10; n++) {
            JsonNode record = records.get((long) n);
            assertThat(record.path("error").asText()).as("line %d: %s", n, record).isEqualTo("deadline exceeded");
            assertThat(record.path("attempts").asInt()).isZero();
            assertThat(record.path("url").asText()).isEqualTo(api.url("/ok/" + n));
        }
        JsonNode summary = summary(workDir.resolve("intake"));
        assertThat(summary.path("deadlineExceeded").asBoolean()).as("%s", summary).isTrue();
        assertThat(summary.path("failed").asLong()).isEqualTo(10);

        // a worker that comes now takes the file's requests from the topic, and ends them at their deadline
        JarProcess worker = worker("late-worker", List.of());
        await().atMost(LIMIT).pollInterval(Duration.ofMillis(200)).until(() -> committedRequests() == 10);
        assertThat(api.requests()).as("requests sent after the deadline; %s", worker.output()).isZero();
        assertThat(records(folder)).hasSize(10);
    }

    private List<String> start(String name) throws Exception {
        api = serving(new Api());
        topics(name);
        return new ArrayList<>();
    }

    /** The requests the workers' group has committed, over every partition of the requests topic. */
    private long committedRequests() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            return admin.listConsumerGroupOffsets("workers-" + requests).partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS).values().stream()
                    .filter(java.util.Objects::nonNull).mapToLong(OffsetAndMetadata::offset).sum();
        }
    }

    private static void drop(Path dir, List<String> input) throws IOException {
        Files.write(Files.createDirectories(dir.resolve("inbox")).resolve("orders.txt"), input);
    }

    private static JsonNode summary(Path dir) throws IOException {
        return JSON.readTree(dir.resolve("outbox/orders/_SUMMARY.json").toFile());
    }

    private JarProcess worker(String name, List<String> settings) throws IOException {
        List<String> arguments = new ArrayList<>(List.of("--ingest.concurrency=4"));
        arguments.addAll(settings);
        return start(workDir.resolve(name), name, "worker", arguments);
    }

    private JarProcess intake(List<String> settings) throws IOException {
        List<String> arguments = new ArrayList<>(List.of("--ingest.once=true"));
        arguments.addAll(settings);
        return start(workDir.resolve("intake"), "intake", "intake", arguments);
    }

    private JarProcess run(Path dir, String name, List<String> arguments, List<String> settings) throws IOException {
        List<String> all = new ArrayList<>(arguments);
        all.addAll(settings);
        JarProcess process = JarProcess.start(Files.createDirectories(dir), name, List.of("-Xmx256m"), all);
        processes.add(process);
        return process;
    }

    /**
     * The API on 127.0.0.1, counting what it is sent: {@code /ok/N} answers {@code {"n":N}}, {@code /busy/N} 429
     * (Retry-After: 0) the first time and then {@code {"n":N}}, {@code /slow/N} the same after 1.5 s.
     */
    private static final class Api implements AutoCloseable {

        private final HttpServer server;
        private final ExecutorService threads = Executors.newCachedThreadPool();
        private final Map<String, AtomicInteger> byPath = new ConcurrentHashMap<>();
        private final AtomicInteger requests = new AtomicInteger();
        private final AtomicInteger throttled = new AtomicInteger();

        Api() throws IOException {
            System.setProperty("sun.net.httpserver.nodelay", "true");
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setExecutor(threads);
            server.createContext("/", this::serve);
            server.start();
        }

        String origin() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        String url(String path) {
            return origin() + path;
        }

        int requests() {
            return requests.get();
        }

        int throttled() {
            return throttled.get();
        }

        int requestsTo(String path) {
            AtomicInteger count = byPath.get(path);
            return count == null ? 0 : count.get();
        }

        void reset() {
            byPath.clear();
            requests.set(0);
            throttled.set(0);
        }

        @Override
        public void close() {
            server.stop(0);
            threads.shutdownNow();
        }

        private void serve(HttpExchange exchange) throws IOException {
            try {
                String path = exchange.getRequestURI().getPath();
                int calls = byPath.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
                requests.incrementAndGet();
                String n = path.substring(path.lastIndexOf('/') + 1);
                if (path.startsWith("/busy/") && calls == 1) {
                    throttled.incrementAndGet();
                    exchange.getResponseHeaders().set("Retry-After", "0");
                    exchange.sendResponseHeaders(429, -1);
                    return;
                }
                if (path.startsWith("/slow/")) {
                    Thread.sleep(1_500);
                }
                byte[] body = ("{\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                exchange.close();
            }
        }
    }
}
