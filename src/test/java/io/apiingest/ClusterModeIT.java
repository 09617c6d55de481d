package io.apiingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.apiingest.kafka.LocalKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ingest.mode=intake and N ingest.mode=worker processes (the packaged jar) over a real Kafka broker that the test
 * starts (LocalKafka): every line of a file is recorded exactly once, also when a worker is killed mid-file, and
 * the server sees only the requests in flight at the kill twice.
 */
class ClusterModeIT {

    private static final Duration LIMIT = Duration.ofSeconds(180);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static LocalKafka kafka;

    @TempDir
    Path workDir;

    private final List<JarProcess> processes = new ArrayList<>();
    private LocalApi api;
    private String requests;
    private String results;

    @BeforeAll
    static void start_kafka() throws Exception {
        kafka = LocalKafka.start();
    }

    @AfterAll
    static void stop_kafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @AfterEach
    void stop_processes_and_api() throws InterruptedException {
        for (JarProcess process : processes) {
            JarProcess.killTree(process.process());
        }
        if (api != null) {
            api.close();
        }
    }

    @Test
    void should_record_every_line_once_with_an_intake_and_three_workers() throws Exception {
        List<String> input = start("three", "/ok/", 300);
        input.add("not a url");
        List<JarProcess> workers = new ArrayList<>();
        for (int n = 0; n < 3; n++) {
            workers.add(worker("worker-" + n, 8));
        }
        // a worker joining later takes partitions from one mid-batch, whose requests are then fetched again:
        // this test counts requests exactly, so the group is settled first (the kill tests allow the repeats)
        awaitEveryWorkerAssigned(workers);
        Path inbox = Files.createDirectories(workDir.resolve("intake/inbox"));
        Files.write(inbox.resolve("orders.txt"), input);
        JarProcess intake = intake();

        assertThat(intake.awaitExit(LIMIT)).as(intake.output()).isZero();

        Map<Long, JsonNode> records = records(workDir.resolve("intake/outbox/orders"));
        assertThat(records).as("one record per line").hasSize(301);
        for (int n = 1; n <= 300; n++) {
            assertThat(records.get((long) n).path("body").path("n").asInt()).as("line %d", n).isEqualTo(n);
            assertThat(api.requestsTo("/ok/" + n)).as("requests to /ok/%d", n).isEqualTo(1);
        }
        assertThat(records.get(301L).path("error").asText()).contains("not an absolute URL");
        JsonNode summary = JSON.readTree(workDir.resolve("intake/outbox/orders/_SUMMARY.json").toFile());
        assertThat(summary.path("total").asLong()).isEqualTo(301);
        assertThat(summary.path("succeeded").asLong()).isEqualTo(300);
        assertThat(summary.path("failed").asLong()).isEqualTo(1);
    }

    @Test
    void should_record_every_line_once_when_a_worker_is_killed_mid_file() throws Exception {
        List<String> input = start("killed", "/slow/", 400);
        JarProcess doomed = worker("doomed", 10);
        worker("survivor", 10);
        Path inbox = Files.createDirectories(workDir.resolve("intake/inbox"));
        Files.write(inbox.resolve("orders.txt"), input);
        JarProcess intake = intake();
        Path results = workDir.resolve("intake/outbox/orders");
        await().atMost(LIMIT).pollInterval(Duration.ofMillis(50)).until(() -> records(results).size() >= 60);
        doomed.killOutright();
        assertThat(records(results).size()).as("killed mid-file").isLessThan(400);

        assertThat(intake.awaitExit(LIMIT)).as(intake.output()).isZero();

        Map<Long, JsonNode> records = records(results);
        assertThat(records).as("one record per line").hasSize(400);
        int repeated = 0;
        for (int n = 1; n <= 400; n++) {
            assertThat(records.get((long) n).path("status").asInt()).as("line %d", n).isEqualTo(200);
            int requested = api.requestsTo("/slow/" + n);
            assertThat(requested).as("requests to /slow/%d", n).isBetween(1, 2);
            repeated += requested - 1;
        }
        // the killed worker's batch in flight (at most its concurrency, 10, per poll) is fetched again, no more
        assertThat(repeated).as("requests repeated after the kill").isLessThanOrEqualTo(20);
    }

    @Test
    void should_record_every_line_once_when_the_intake_is_killed_and_restarted() throws Exception {
        List<String> input = start("restarted", "/slow/", 400);
        // 2 x 5 in flight at 200 ms: 50 lines a second, so the kill comes well before the end
        awaitEveryWorkerAssigned(List.of(worker("worker-a", 5), worker("worker-b", 5)));
        Path inbox = Files.createDirectories(workDir.resolve("intake/inbox"));
        Files.write(inbox.resolve("orders.txt"), input);
        Path results = workDir.resolve("intake/outbox/orders");
        JarProcess first = intake("first");
        await().atMost(LIMIT).pollInterval(Duration.ofMillis(50)).until(() -> records(results).size() >= 40);
        first.killOutright();
        int recordedAtKill = records(results).size();
        assertThat(recordedAtKill).as("killed mid-file; %s", first.output()).isLessThan(400);

        JarProcess second = intake("second");
        assertThat(second.awaitExit(LIMIT)).as(second.output()).isZero();

        Map<Long, JsonNode> records = records(results);
        assertThat(records).as("one record per line, across the kill").hasSize(400);
        int repeated = 0;
        for (int n = 1; n <= 400; n++) {
            assertThat(records.get((long) n).path("status").asInt()).as("line %d", n).isEqualTo(200);
            repeated += api.requestsTo("/slow/" + n) - 1;
        }
        // the lines published and not yet recorded at the kill (at most ingest.kafka.max-in-flight-lines) are
        // published again by the restarted intake: each costs one more request at most
        assertThat(repeated).as("requests repeated after the intake's restart").isLessThanOrEqualTo(400 - recordedAtKill);
        JsonNode summary = JSON.readTree(results.resolve("_SUMMARY.json").toFile());
        assertThat(summary.path("total").asLong()).isEqualTo(400);
        assertThat(summary.path("succeeded").asLong()).isEqualTo(400);
    }

    private static void awaitEveryWorkerAssigned(List<JarProcess> workers) throws InterruptedException {
        await().atMost(LIMIT).until(() -> workers.stream()
                .allMatch(worker -> worker.stderr().contains("Adding newly assigned partitions")));
        Thread.sleep(1_000); // the last join's rebalance reaches every member
    }

    /** The API, the test's own topics, and an input of {@code count} URLs {@code path}N. */
    private List<String> start(String name, String path, int count) throws Exception {
        api = LocalApi.start();
        topics(name);
        List<String> input = new ArrayList<>();
        for (int n = 1; n <= count; n++) {
            input.add(api.url(path + n));
        }
        return input;
    }

    private void topics(String name) throws Exception {
        requests = "requests-" + name;
        results = "results-" + name;
        kafka.createTopic(requests, 6);
        kafka.createTopic(results, 6);
    }

    private List<String> clusterSettings(String mode) {
        return List.of("--ingest.mode=" + mode, "--ingest.kafka.brokers=" + kafka.bootstrapServers(),
                "--ingest.kafka.requests-topic=" + requests, "--ingest.kafka.results-topic=" + results,
                "--ingest.kafka.group-id=workers-" + requests, "--ingest.metrics.port=0");
    }

    private JarProcess worker(String name, int concurrency) throws IOException {
        Path dir = Files.createDirectories(workDir.resolve(name));
        List<String> arguments = new ArrayList<>(clusterSettings("worker"));
        arguments.add("--ingest.concurrency=" + concurrency);
        JarProcess worker = JarProcess.start(dir, name, List.of("-Xmx256m"), arguments);
        processes.add(worker);
        return worker;
    }

    private JarProcess intake() throws IOException {
        return intake("intake");
    }

    private JarProcess intake(String name) throws IOException {
        List<String> arguments = new ArrayList<>(clusterSettings("intake"));
        arguments.add("--ingest.once=true");
        // small parts: a part file shows under its name once complete, so the test sees the records mid-file
        arguments.add("--ingest.batch-size=20");
        JarProcess intake = JarProcess.start(workDir.resolve("intake"), name, List.of("-Xmx256m"), arguments);
        processes.add(intake);
        return intake;
    }

    /** Every record of the folder by its line; a line recorded twice fails the test. */
    private static Map<Long, JsonNode> records(Path dir) throws IOException {
        Map<Long, JsonNode> byLine = new HashMap<>();
        if (!Files.isDirectory(dir)) {
            return byLine;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().matches("part-\\d{5}\\.jsonl|errors\\.jsonl"))
                    .toList()) {
                for (String line : Files.readAllLines(file)) {
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonNode record = JSON.readTree(line);
                    JsonNode before = byLine.put(record.path("line").asLong(), record);
                    assertThat(before).as("line %d recorded twice", record.path("line").asLong()).isNull();
                }
            }
        }
        return byLine;
    }
}
