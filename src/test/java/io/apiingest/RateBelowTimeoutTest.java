package io.apiingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A low ingest.rate and a short timeout: URLs queue for their turn far longer than one attempt may take. The
 * wait is not the attempt's time, so no URL times out unsent, and every turn ends in a request.
 */
class RateBelowTimeoutTest extends IngestTestSupport {

    @RegisterExtension
    static final CountingServer server = CountingServer.start(0, "0");

    @Override
    protected void settings(Properties settings) {
        // 18 requests at 5 a second take over 3 s; each attempt may take 800 ms
        settings.put("ingest.concurrency", "12");
        settings.put("ingest.rate", "5");
        settings.put("ingest.timeout-ms", "800");
        settings.put("ingest.retry.max", "0");
    }

    @Test
    void should_not_count_the_wait_for_a_rate_turn_against_the_attempts_timeout() throws Exception {
        List<String> urls = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            // a redirect hop takes a place in line too, inside the attempt, with the attempt's clock stopped
            urls.add(server.url((i % 2 == 0 ? "/moved/" : "/fast/") + i));
        }
        drop("queued.txt", String.join("\n", urls));

        JsonNode summary = awaitSummary("queued");

        assertThat(errors("queued")).as("no URL fails for waiting its turn").isEmpty();
        assertThat(summary.get("succeeded").asInt()).isEqualTo(12);
        assertThat(server.startNanos()).as("one request per turn: 12 URLs, 6 redirect hops").hasSize(18);
        assertThat(server.maxStartsInAnySecond()).isLessThanOrEqualTo(5);
        for (JsonNode record : records("queued")) {
            assertThat(record.get("attempts").asInt()).isEqualTo(1);
            if (record.get("url").asText().contains("/fast/")) {
                // a redirect's time includes its hop's wait for a turn (README)
                assertThat(record.get("elapsedMs").asLong()).as("the request's time, not the wait before it")
                        .isLessThan(800);
            }
        }
    }
}
