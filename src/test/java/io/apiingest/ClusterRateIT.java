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
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * ingest.cluster.rate as the server counts it: an intake and three workers (the packaged jar) on a real broker
 * never start more requests in any second than the cluster's rate, also while a killed worker's partitions move
 * to the others, and each worker's share follows the partitions it holds.
 */
class ClusterRateIT extends ClusterTestSupport {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Pattern SHARE = Pattern.compile("(?m)^ingest_cluster_rate_share(?:\\{[^}]*})? (\\S+)$");
    private static final int RATE = 30;
    private static final int LINES = 450;

    private CountingServer api;

    @Test
    void should_hold_the_cluster_rate_at_the_server_with_three_workers_and_one_killed_mid_file() throws Exception {
        api = serving(new CountingServer(20, "0"));
        topics("rate");
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
        return start(workDir.resolve(name), name, "worker", List.of("--ingest.concurrency=10",
                "--ingest.cluster.rate=" + RATE, "--ingest.metrics.port=" + metricsPort));
    }

    private JarProcess intake() throws IOException {
        return start(workDir.resolve("intake"), "intake", "intake",
                List.of("--ingest.once=true", "--ingest.batch-size=20"));
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
}
