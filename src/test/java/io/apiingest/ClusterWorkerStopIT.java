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
import java.util.concurrent.TimeUnit;
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
 * A worker stopped gracefully (SIGTERM) mid-file, the packaged jar on a real broker: the batch it had under way is
 * not committed, so the worker left fetches those requests again, and every line is recorded once. Every URL fails
 * once and is retried after a pause, so a stop always finds lines of the batch waiting for their retry: a stop does
 * not wait those out, and they end unrecorded.
 */
class ClusterWorkerStopIT {

    private static final Duration LIMIT = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int LINES = 300;
    private static LocalKafka kafka;

    @TempDir
    Path workDir;

    private final List<JarProcess> processes = new ArrayList<>();
    private CountingServer api;

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
    void should_fetch_a_stopped_workers_unfinished_batch_again_and_record_every_line_once() throws Exception {
        api = new CountingServer(100, "0");
        kafka.createTopic("requests-stop", 6);
        kafka.createTopic("results-stop", 6);
        JarProcess stopped = worker("stopped");
        JarProcess staying = worker("staying");
        await().atMost(LIMIT).until(() -> Stream.of(stopped, staying)
                .allMatch(worker -> worker.stderr().contains("Adding newly assigned partitions")));
        List<String> input = new ArrayList<>();
        for (int n = 1; n <= LINES; n++) {
            input.add(api.url("/broken-once/" + n));
        }
        Path inbox = Files.createDirectories(workDir.resolve("intake/inbox"));
        Files.write(inbox.resolve("orders.txt"), input);
        JarProcess intake = intake();
        Path results = workDir.resolve("intake/outbox/orders");
        await().atMost(LIMIT).pollInterval(Duration.ofMillis(50)).until(() -> records(results).size() >= 40);

        stopped.process().destroy(); // SIGTERM: a graceful stop, mid-batch
        assertThat(stopped.process().waitFor(60, TimeUnit.SECONDS)).as("the worker stops").isTrue();
        assertThat(stopped.process().exitValue()).as(stopped.output()).isZero();
        assertThat(records(results).size()).as("stopped mid-file").isLessThan(LINES);

        // without its batch fetched again, the intake would wait for those lines for good
        assertThat(intake.awaitExit(LIMIT)).as(intake.output()).isZero();
        Map<Long, JsonNode> records = records(results);
        assertThat(records).as("one record per line").hasSize(LINES);
        int repeated = 0;
        for (int n = 1; n <= LINES; n++) {
            assertThat(records.get((long) n).path("status").asInt()).as("line %d", n).isEqualTo(200);
            int requested = api.startsOf("/broken-once/" + n).size();
            assertThat(requested).as("requests to /broken-once/%d: the 500 and the retry", n).isBetween(2, 3);
            repeated += requested - 2;
        }
        // the stopped worker's batch is not committed: its lines that had not finished (at most a batch, its
        // concurrency of 10) are fetched again by the other worker, whose first request now gets its 200
        assertThat(repeated).as("requests repeated after the stop").isLessThanOrEqualTo(10);
    }

    private JarProcess worker(String name) throws IOException {
        Path dir = Files.createDirectories(workDir.resolve(name));
        List<String> arguments = new ArrayList<>(clusterSettings("worker"));
        arguments.add("--ingest.concurrency=10");
        arguments.add("--ingest.retry.delay-ms=1500");
        JarProcess worker = JarProcess.start(dir, name, List.of("-Xmx256m"), arguments);
        processes.add(worker);
        return worker;
    }

    private JarProcess intake() throws IOException {
        List<String> arguments = new ArrayList<>(clusterSettings("intake"));
        arguments.add("--ingest.once=true");
        arguments.add("--ingest.batch-size=20");
        JarProcess intake = JarProcess.start(workDir.resolve("intake"), "intake", List.of("-Xmx256m"), arguments);
        processes.add(intake);
        return intake;
    }

    private List<String> clusterSettings(String mode) {
        return List.of("--ingest.mode=" + mode, "--ingest.kafka.brokers=" + kafka.bootstrapServers(),
                "--ingest.kafka.requests-topic=requests-stop", "--ingest.kafka.results-topic=results-stop",
                "--ingest.kafka.group-id=workers-stop", "--ingest.metrics.port=0");
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
                    if (!line.isBlank()) {
                        JsonNode record = JSON.readTree(line);
                        JsonNode before = byLine.put(record.path("line").asLong(), record);
                        assertThat(before).as("line %d recorded twice", record.path("line").asLong()).isNull();
                    }
                }
            }
        }
        return byLine;
    }
}
