package io.apiingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.FileOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * How soon a dropped file is taken, and that one still being written is not: a file closed before it is dropped
 * starts well within a second, however new its date; a file held open for writing, written in pieces with pauses
 * longer than the read lock's check interval, is left alone until it is closed, then read whole.
 */
class NewFilePickupTest extends IngestTestSupport {

    @RegisterExtension
    static final CountingServer server = CountingServer.start(0, "0");

    /** Drop to first request: the old read lock took 1-2 s (a 1 s poll, then a 1 s minimum age). */
    private static final long MAX_PICKUP_MS = 800;

    @Test
    void should_start_a_file_written_and_closed_just_before_it_is_dropped_within_well_under_a_second()
            throws Exception {
        OpenWritersAssumption.assumeAskable(Files.createDirectories(inbox()));
        Path aside = work().resolve("fresh.txt");
        Files.writeString(aside, lines(server.url("/fast/fresh/1"), server.url("/fast/fresh/2")),
                StandardCharsets.UTF_8);

        long dropped = System.nanoTime();
        Files.move(aside, inbox().resolve("fresh.txt"), StandardCopyOption.ATOMIC_MOVE);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5)).until(() -> firstStart("fresh") != null);

        long pickupMs = TimeUnit.NANOSECONDS.toMillis(firstStart("fresh") - dropped);
        assertThat(pickupMs).as("ms from the drop to the file's first request").isLessThan(MAX_PICKUP_MS);
        assertThat(awaitSummary("fresh").get("succeeded").asInt()).isEqualTo(2);
    }

    @Test
    void should_leave_a_file_open_for_writing_alone_and_read_it_whole_once_it_is_closed() throws Exception {
        Files.createDirectories(inbox());
        Path held = inbox().resolve("held.txt");
        List<String> written = new ArrayList<>();
        try (OutputStream out = new FileOutputStream(held.toFile())) {
            // a slow copy straight into the inbox: a line every 300 ms for 2.1 s, each flushed to the file
            for (int i = 1; i <= 7; i++) {
                String url = server.url("/fast/held/" + i);
                out.write((url + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                written.add(url);
                Thread.sleep(300);
                assertThat(firstStart("held")).as("a request while the file is open, after line %d", i).isNull();
                assertThat(outbox().resolve("held")).as("an outbox folder while the file is open").doesNotExist();
            }
        }

        JsonNode summary = awaitSummary("held");

        assertThat(summary.get("total").asInt()).isEqualTo(written.size());
        assertThat(summary.get("succeeded").asInt()).isEqualTo(written.size());
        Set<String> recorded = new HashSet<>();
        for (JsonNode record : records("held")) {
            assertThat(recorded.add(record.get("url").asText())).as("recorded once: %s", record).isTrue();
        }
        assertThat(recorded).containsExactlyInAnyOrderElementsOf(written);
        assertThat(Files.exists(outbox().resolve("held-2"))).as("taken once, not again in part").isFalse();
    }

    /** When the first request for a line of {@code job} (/fast/JOB/N) started, or null. */
    private static Long firstStart(String job) {
        Long first = null;
        for (int line = 1; line <= 10; line++) {
            for (long start : server.startsOf("/fast/" + job + "/" + line)) {
                first = first == null ? start : Math.min(first, start);
            }
        }
        return first;
    }
}
