package io.apiingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * ingest.cluster.rate as the server counts it: an intake and three workers (the packaged jar) on a real broker
 * never start more requests in any second than the cluster's rate, also while a killed worker's partitions move
 * to the others, and each worker's share follows the partitions it holds.
 */
class ClusterRateIT {

    private static final Duration LIMIT = Duration.ofSeconds(180);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Pattern SHARE = Pattern.compile("(?m)^ingest_cluster_rate_share(?:\\{[^}]*})? (\\S+)$");
    private static final int RATE = 30;
    private static final int LINES = 450;
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
    void should_hold_the_cluster_rate_at_the_server_with_three_workers_and_one_killed_mid_file() throws Exception {
        api = new CountingServer(20, "0");
        kafka.createTopic("requests-rate", 6);
        kafka.createTopic("results-rate", 6);
        List<Integer> metricsPorts = List.of(freePort(), freePort(), freePort());
        List<JarProcess> workers = new ArrayList<>();
        for (int n = 0; n < 3; n++) {
            workers.add(worker("worker-" + n, metricsPorts.get(n)));
        }
        // six partitions over three workers: two each, a third of the rate each
        await("every worker's share").atMost(LIMIT).until(() -> shares(metricsPorts),
                shares -> shares.equals(List.of(10.0, 10.0, 10.0)));
        List<String> input = new ArrayList<>();
        for (int n = 1; n <= LINES; n++) {
            input.add(api.url("/fast/" + n));
        }
        Path inbox = Files.createDirectories(workDir.resolve("intake/inbox"));
        Files.write(inbox.resolve("orders.txt"), input);
        JarProcess intake = intake();
        Path results = workDir.resolve("intake/outbox/orders");
        await().atMost(LIMIT).pollInterval(Duration.ofMillis(50)).until(() -> records(results).size() >= 100);
        workers.get(0).killOutright();
        // its partitions move once the group misses it (10 s): three each for the two left, half the rate each
        await("the survivors' shares").atMost(LIMIT).until(() -> shares(metricsPorts.subList(1, 3)),
                shares -> shares.equals(List.of(15.0, 15.0)));

        assertThat(intake.awaitExit(LIMIT)).as(intake.output()).isZero();

        Map<Long, JsonNode> records = records(results);
        assertThat(records).as("one record per line").hasSize(LINES);
        int most = api.maxStartsInAnySecond();
        List<Long> starts = new ArrayList<>(api.startNanos());
        starts.sort(null);
        double seconds = (starts.get(starts.size() - 1) - starts.get(0)) / 1e9;
        System.out.printf("ClusterRateIT: %d starts in %.1f s, at most %d in any second (ingest.cluster.rate=%d)%n",
                starts.size(), seconds, most, RATE);
        assertThat(most).as("request starts in any one second, at the server").isLessThanOrEqualTo(RATE);
        // the workers that hold partitions use their shares: after the kill and before the move, two thirds
        assertThat(starts.size() / seconds).as("starts a second over the run (%d in %.1f s)", starts.size(), seconds)
                .isGreaterThan(RATE * 0.5);
    }

    private JarProcess worker(String name, int metricsPort) throws IOException {
        Path dir = Files.createDirectories(workDir.resolve(name));
        List<String> arguments = new ArrayList<>(clusterSettings("worker", metricsPort));
        arguments.add("--ingest.concurrency=10");
        arguments.add("--ingest.cluster.rate=" + RATE);
        JarProcess worker = JarProcess.start(dir, name, List.of("-Xmx256m"), arguments);
        processes.add(worker);
        return worker;
    }

    private JarProcess intake() throws IOException {
        List<String> arguments = new ArrayList<>(clusterSettings("intake", 0));
        arguments.add("--ingest.once=true");
        arguments.add("--ingest.batch-size=20");
        JarProcess intake = JarProcess.start(workDir.resolve("intake"), "intake", List.of("-Xmx256m"), arguments);
        processes.add(intake);
        return intake;
    }

    private List<String> clusterSettings(String mode, int metricsPort) {
        return List.of("--ingest.mode=" + mode, "--ingest.kafka.brokers=" + kafka.bootstrapServers(),
                "--ingest.kafka.requests-topic=requests-rate", "--ingest.kafka.results-topic=results-rate",
                "--ingest.kafka.group-id=workers-rate", "--ingest.metrics.port=" + metricsPort);
    }

    /** Each worker's ingest_cluster_rate_share from its scrape; NaN for one not serving yet. */
    private static List<Double> shares(List<Integer> ports) {
        List<Double> shares = new ArrayList<>();
        for (int port : ports) {
            try {
                String scrape = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/observe/metrics")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                Matcher share = SHARE.matcher(scrape);
                shares.add(share.find() ? Double.parseDouble(share.group(1)) : Double.NaN);
            } catch (IOException notYet) {
                shares.add(Double.NaN);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                shares.add(Double.NaN);
            }
        }
        return shares;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
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
