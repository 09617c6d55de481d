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
import java.util.function.Function;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.apiingest.kafka.LocalKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the cluster tests share: a real broker for the test class (LocalKafka), each case's own topics, the
 * packaged jar started as workers and intakes over them (killed outright when the case ends), and the outbox read
 * record by record.
 */
abstract class ClusterTestSupport {

    static final Duration LIMIT = Duration.ofSeconds(180);
    static final ObjectMapper JSON = new ObjectMapper();
    static LocalKafka kafka;

    @TempDir
    Path workDir;

    final List<JarProcess> processes = new ArrayList<>();
    private final List<AutoCloseable> servers = new ArrayList<>();
    /** The case's topics, from {@link #topics}. */
    String requests;
    String results;

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
    void kill_processes_and_close_servers() throws Exception {
        for (JarProcess process : processes) {
            JarProcess.killTree(process.process());
        }
        for (AutoCloseable server : servers) {
            server.close();
        }
    }

    /** The case's API server, closed when the case ends. */
    <T extends AutoCloseable> T serving(T server) {
        servers.add(server);
        return server;
    }

    /** The case's own topics, {@code requests-NAME} and {@code results-NAME}, of 6 partitions each. */
    void topics(String name) throws Exception {
        requests = "requests-" + name;
        results = "results-" + name;
        kafka.createTopic(requests, 6);
        kafka.createTopic(results, 6);
    }

    /**
     * The jar in {@code ingest.mode=MODE} on the case's topics, in {@code dir}, its output in {@code NAME-*.log}
     * there; without a metrics port in {@code settings}, it serves none.
     */
    JarProcess start(Path dir, String name, String mode, List<String> settings) throws IOException {
        List<String> arguments = new ArrayList<>(List.of("--ingest.mode=" + mode,
                "--ingest.kafka.brokers=" + kafka.bootstrapServers(), "--ingest.kafka.requests-topic=" + requests,
                "--ingest.kafka.results-topic=" + results, "--ingest.kafka.group-id=workers-" + requests));
        if (settings.stream().noneMatch(setting -> setting.startsWith("--ingest.metrics.port="))) {
            arguments.add("--ingest.metrics.port=0");
        }
        arguments.addAll(settings);
        JarProcess process = JarProcess.start(Files.createDirectories(dir), name, List.of("-Xmx256m"), arguments);
        processes.add(process);
        return process;
    }

    /** Waits until every worker has partitions, and a second more for the last join's rebalance to settle. */
    static void awaitAssigned(List<JarProcess> workers) throws InterruptedException {
        await().atMost(LIMIT).until(() -> workers.stream()
                .allMatch(worker -> worker.stderr().contains("Adding newly assigned partitions")));
        Thread.sleep(1_000);
    }

    /** Every record of the folder by its line; a line recorded twice fails the test. */
    static Map<Long, JsonNode> records(Path dir) throws IOException {
        return recordsBy(dir, "line", record -> record.path("line").asLong());
    }

    /** Every record of the folder by its line and page; a page recorded twice fails the test. */
    static Map<List<Long>, JsonNode> pageRecords(Path dir) throws IOException {
        return recordsBy(dir, "line and page",
                record -> List.of(record.path("line").asLong(), record.path("page").asLong()));
    }

    private static <K> Map<K, JsonNode> recordsBy(Path dir, String keyName, Function<JsonNode, K> keyOf)
            throws IOException {
        Map<K, JsonNode> byKey = new HashMap<>();
        if (!Files.isDirectory(dir)) {
            return byKey;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().matches("part-\\d{5}\\.jsonl|errors\\.jsonl"))
                    .toList()) {
                for (String line : Files.readAllLines(file)) {
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonNode record = JSON.readTree(line);
                    K key = keyOf.apply(record);
                    assertThat(byKey.put(key, record)).as("%s %s recorded twice", keyName, key).isNull();
                }
            }
        }
        return byKey;
    }
}
