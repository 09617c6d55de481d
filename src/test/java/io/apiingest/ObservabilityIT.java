package io.apiingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an operator sees of a running api-ingest: the packaged jar in a child process (watch mode, a fresh working
 * directory), its health and Prometheus scrape on ingest.metrics.port, its progress lines, and the exit codes of a
 * bad metrics port or thread setting. Failsafe runs it after {@code package}, from the project folder.
 */
class ObservabilityIT {

    private static final Duration START_LIMIT = Duration.ofSeconds(90);
    private static final Duration RUN_LIMIT = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** One sample of the Prometheus text format: name, optional {labels}, value (and an optional timestamp). */
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)(?:\\s+\\d+)?$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    @TempDir
    Path workDir;

    private LocalApi api;
    private final List<Process> children = new ArrayList<>();

    @BeforeEach
    void start_local_api() throws IOException {
        api = LocalApi.start();
    }

    @AfterEach
    void stop_children_and_the_api() throws InterruptedException {
        for (Process child : children) {
            if (child.isAlive()) {
                JarProcess.killTree(child);
            }
        }
        api.close();
    }

    @Test
    void should_report_health_and_meters_matching_the_processed_file_then_exit_0_on_sigterm() throws Exception {
        int port = freePort();
        // 20 starts a second: the first requests of the file, all ready at once, wait their turn 50 ms apart
        JarProcess app = start("--ingest.metrics.port=" + port, "--ingest.retry.delay-ms=100", "--ingest.rate=20");
        String base = "http://127.0.0.1:" + port + "/observe";

        await().atMost(START_LIMIT).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .failFast("the app exited", () -> !app.process().isAlive())
                .untilAsserted(() -> assertUp(get(base + "/health/ready")));
        assertUp(get(base + "/health/live"));

        List<String> input = new ArrayList<>();
        input.add("# orders");
        input.add("");
        for (int n = 1; n <= 5; n++) {
            input.add(api.url("/ok/" + n));
        }
        input.add(api.url("/missing"));
        input.add(api.url("/flaky"));
        input.add("not a url");
        drop("orders.txt", String.join("\n", input) + "\n");
        Path summary = workDir.resolve("outbox/orders/_SUMMARY.json");
        await().atMost(RUN_LIMIT).pollInterval(Duration.ofMillis(100))
                .failFast("the app exited", () -> !app.process().isAlive())
                .until(() -> Files.exists(summary));
        assertThat(JSON.readTree(summary.toFile()).get("statusCounts").toString()).as(app.output())
                .isEqualTo("{\"200\":6,\"404\":1}");

        // the file counter moves just after the summary is written
        Map<String, Double> meters = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> scrape(base + "/metrics"),
                        m -> Optional.ofNullable(m.get(key("ingest_files_total", "outcome", "done"))).orElse(0.0) >= 1);

        // 8 responses: 5 /ok, the 404, /flaky's 503 and then its 200
        assertThat(value(meters, "ingest_requests_total", "status_class", "2xx")).isEqualTo(6);
        assertThat(value(meters, "ingest_requests_total", "status_class", "4xx")).isEqualTo(1);
        assertThat(value(meters, "ingest_requests_total", "status_class", "5xx")).isEqualTo(1);
        assertThat(value(meters, "ingest_requests_total", "status_class", "none")).isZero();
        assertThat(value(meters, "ingest_retries_total")).isEqualTo(1);
        assertThat(value(meters, "ingest_failures_total", "cause", "http_4xx")).isEqualTo(1);
        assertThat(value(meters, "ingest_failures_total", "cause", "invalid_line")).isEqualTo(1);
        assertThat(value(meters, "ingest_request_latency_seconds_count")).isEqualTo(8);
        assertThat(value(meters, "ingest_request_latency_seconds_sum")).isPositive();
        assertThat(value(meters, "ingest_request_latency_seconds_max")).isPositive()
                .isLessThanOrEqualTo(value(meters, "ingest_request_latency_seconds_sum"));
        assertThat(value(meters, "ingest_requests_in_flight")).isZero();
        assertThat(value(meters, "ingest_throttle_wait_seconds_count")).as("starts held back by ingest.rate")
                .isGreaterThanOrEqualTo(3);
        assertThat(value(meters, "ingest_throttle_wait_seconds_sum")).isGreaterThanOrEqualTo(0.1);
        assertThat(value(meters, "ingest_lines_read_total", "file", "orders.txt")).as("URL lines").isEqualTo(8);
        assertThat(value(meters, "ingest_records_written_total", "file", "orders.txt", "kind", "fetched"))
                .isEqualTo(6);
        assertThat(value(meters, "ingest_records_written_total", "file", "orders.txt", "kind", "failed"))
                .isEqualTo(2);
        assertThat(value(meters, "ingest_files_total", "outcome", "done")).isEqualTo(1);
        assertThat(meters).as("no file was rejected or failed").doesNotContainKeys(
                key("ingest_files_total", "outcome", "rejected"), key("ingest_files_total", "outcome", "failed"));
        assertThat(api.requestsTo("/flaky")).isEqualTo(2);
        assertUp(get(base + "/health/live"));

        Optional<InetAddress> outside = nonLoopbackAddress();
        if (outside.isPresent()) {
            assertThat(connects(outside.get(), port)).as("the metrics server on %s:%d (default host 127.0.0.1)",
                    outside.get().getHostAddress(), port).isFalse();
        }

        app.process().destroy(); // SIGTERM
        assertThat(app.process().waitFor(RUN_LIMIT.toSeconds(), TimeUnit.SECONDS)).as("exits after SIGTERM")
                .isTrue();
        assertThat(app.process().exitValue()).as(app.output()).isZero();
        assertThat(app.stderr()).contains("stopping (signal TERM)");
    }

    @Test
    void should_exit_2_naming_ingest_metrics_port_when_the_port_is_taken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            JarProcess app = start("--ingest.metrics.port=" + taken.getLocalPort());

            int exitCode = app.awaitExit(RUN_LIMIT);

            assertThat(exitCode).as(app.output()).isEqualTo(2);
            assertThat(app.stderr()).contains("api-ingest: ingest.metrics.port: cannot listen on 127.0.0.1:"
                    + taken.getLocalPort());
        }
    }

    @Test
    void should_exit_2_naming_ingest_metrics_host_when_it_is_no_address() throws Exception {
        JarProcess app = start("--ingest.metrics.host=no-such-host.invalid");

        int exitCode = app.awaitExit(RUN_LIMIT);

        assertThat(exitCode).as(app.output()).isEqualTo(2);
        assertThat(app.stderr()).contains("api-ingest: ingest.metrics.host: no such address 'no-such-host.invalid'");
    }

    @Test
    void should_run_the_demo_without_the_metrics_server_when_the_port_is_taken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            JarProcess app = start("--ingest.demo=true", "--ingest.metrics.port=" + taken.getLocalPort());

            int exitCode = app.awaitExit(RUN_LIMIT);

            assertThat(exitCode).as(app.output()).isZero();
            assertThat(app.output()).contains("ingest.metrics.port: cannot listen on 127.0.0.1:"
                    + taken.getLocalPort()).contains("the demo runs without the metrics server");
            assertThat(workDir.resolve("outbox/demo/_SUMMARY.json")).isRegularFile();
        }
    }

    @Test
    void should_scrape_the_latency_median_as_a_quantile() throws Exception {
        int port = freePort();
        JarProcess app = start("--ingest.metrics.port=" + port);
        String base = "http://127.0.0.1:" + port + "/observe";
        await().atMost(START_LIMIT).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .failFast("the app exited", () -> !app.process().isAlive())
                .untilAsserted(() -> assertUp(get(base + "/health/ready")));
        drop("one.txt", api.url("/ok/1") + "\n");
        await().atMost(RUN_LIMIT).pollInterval(Duration.ofMillis(100))
                .until(() -> Files.exists(workDir.resolve("outbox/one/_SUMMARY.json")));

        Map<String, Double> meters = scrape(base + "/metrics");

        assertThat(value(meters, "ingest_request_latency_seconds", "quantile", "0.5")).isPositive();
        assertThat(value(meters, "ingest_request_latency_seconds", "quantile", "0.99")).isPositive();
    }

    @Test
    void should_exit_2_naming_ingest_threads_when_it_is_not_a_known_choice() throws Exception {
        JarProcess app = start("--ingest.metrics.port=" + freePort(), "--ingest.threads=bogus");

        int exitCode = app.awaitExit(RUN_LIMIT);

        assertThat(exitCode).as(app.output()).isEqualTo(2);
        assertThat(app.stderr()).contains(
                "api-ingest: ingest.threads must be one of platform, virtual, auto, got 'bogus'");
    }

    @Test
    void should_log_progress_lines_with_lines_done_rate_errors_and_eta_while_a_file_runs() throws Exception {
        List<String> input = new ArrayList<>();
        input.add(api.url("/missing"));
        for (int n = 1; n <= 39; n++) {
            input.add(api.url("/slow/" + n));
        }
        Files.createDirectories(workDir.resolve("inbox"));
        Files.writeString(workDir.resolve("inbox/slow.txt"), String.join("\n", input) + "\n");

        JarProcess app = start("--ingest.once=true", "--ingest.metrics.port=0", "--ingest.progress-interval-s=1",
                "--ingest.concurrency=2");
        int exitCode = app.awaitExit(RUN_LIMIT);

        assertThat(exitCode).as(app.output()).isZero();
        Matcher progress = Pattern.compile("slow\\.txt: (\\d+) of 40 lines done \\((\\d+)%\\), (\\d+) URLs/s, "
                + "(\\d+) errors, ETA (\\d+ s|\\d+ min \\d\\d s|\\d+ h \\d\\d min)$", Pattern.MULTILINE)
                .matcher(app.stderr() + app.stdout());
        List<int[]> lines = new ArrayList<>();
        while (progress.find()) {
            lines.add(new int[] {Integer.parseInt(progress.group(1)), Integer.parseInt(progress.group(2)),
                Integer.parseInt(progress.group(3)), Integer.parseInt(progress.group(4))});
        }
        // 39 answers of 200 ms, two at a time: about 4 s of work, logged every second
        assertThat(lines).as("progress lines; output:%n%s", app.output()).isNotEmpty();
        for (int[] line : lines) {
            assertThat(line[0]).as("lines done").isBetween(1, 40);
            assertThat(line[1]).as("percent of %d of 40", line[0]).isEqualTo(line[0] * 100 / 40);
            assertThat(line[2]).as("URLs/s at concurrency 2, 200 ms each").isBetween(1, 20);
            assertThat(line[3]).as("errors: the one 404 at most").isBetween(0, 1);
        }
        assertThat(lines).extracting(line -> line[0]).isSorted();
        assertThat(workDir.resolve("outbox/slow/_SUMMARY.json")).isRegularFile();
    }

    private JarProcess start(String... settings) throws IOException {
        JarProcess child = JarProcess.start(workDir, "run-" + children.size(), List.of(), List.of(settings));
        children.add(child.process());
        return child;
    }

    /** Drops a URL file as a careful user does: written under a hidden name, old enough for the read lock. */
    private void drop(String name, String content) throws IOException {
        Path inbox = Files.createDirectories(workDir.resolve("inbox"));
        Path aside = inbox.resolve("." + name + ".tmp");
        Files.writeString(aside, content, StandardCharsets.UTF_8);
        Files.setLastModifiedTime(aside, FileTime.from(Instant.now().minusSeconds(5)));
        Files.move(aside, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void assertUp(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).as("%s: %s", response.uri(), response.body()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).path("status").asText()).as("%s", response.uri())
                .isEqualTo("UP");
    }

    /** The Prometheus scrape as {@link #key} → value, so that label order does not matter. */
    private static Map<String, Double> scrape(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = get(url);
        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, Double> samples = new HashMap<>();
        for (String line : response.body().split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher sample = SAMPLE.matcher(line.strip());
            assertThat(sample.matches()).as("a sample line: %s", line).isTrue();
            Map<String, String> labels = new TreeMap<>();
            if (sample.group(2) != null) {
                Matcher label = LABEL.matcher(sample.group(2));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
            }
            samples.put(sample.group(1) + labels, Double.parseDouble(sample.group(3)));
        }
        return samples;
    }

    private static String key(String name, String... labelThenValue) {
        Map<String, String> labels = new TreeMap<>();
        for (int i = 0; i < labelThenValue.length; i += 2) {
            labels.put(labelThenValue[i], labelThenValue[i + 1]);
        }
        return name + labels;
    }

    private static double value(Map<String, Double> meters, String name, String... labelThenValue) {
        String key = key(name, labelThenValue);
        Double value = meters.get(key);
        if (value == null) {
            List<String> sameName = new ArrayList<>(meters.keySet().stream()
                    .filter(k -> k.startsWith(name) && !k.startsWith(name + "_bucket")).toList());
            Collections.sort(sameName);
            fail("no sample %s in the scrape; samples of that name (buckets left out): %s", key, sameName);
        }
        return value;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws IOException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
                    return Optional.of(address);
                }
            }
        }
        return Optional.empty();
    }

    /** Whether a TCP connection to this machine's own address and port is accepted. */
    private static boolean connects(InetAddress address, int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 2000);
            return true;
        } catch (ConnectException | SocketTimeoutException refused) {
            return false;
        }
    }

}
