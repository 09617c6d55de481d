package io.apiingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * A worker stopped gracefully (SIGTERM) mid-file, the packaged jar on a real broker: the batch it had under way is
 * not committed, so the worker left fetches those requests again, and every line is recorded once. Every URL fails
 * once and is retried after a pause, so a stop always finds lines of the batch waiting for their retry: a stop does
 * not wait those out, and they end unrecorded.
 */
class ClusterWorkerStopIT extends ClusterTestSupport {

    private static final int LINES = 300;

    private CountingServer api;

    @Test
    void should_fetch_a_stopped_workers_unfinished_batch_again_and_record_every_line_once() throws Exception {
        api = serving(new CountingServer(100, "0"));
        topics("stop");
        JarProcess stopped = worker("stopped");
        JarProcess staying = worker("staying");
        awaitAssigned(List.of(stopped, staying));
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
        return start(workDir.resolve(name), name, "worker",
                List.of("--ingest.concurrency=10", "--ingest.retry.delay-ms=1500"));
    }

    private JarProcess intake() throws IOException {
        return start(workDir.resolve("intake"), "intake", "intake",
                List.of("--ingest.once=true", "--ingest.batch-size=20"));
    }
}
