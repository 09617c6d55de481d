package io.apiingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** A retry waiting out Retry-After holds neither a thread nor a concurrency slot: the other URLs keep flowing. */
class RetryWaitTest extends IngestTestSupport {

    @RegisterExtension
    static final CountingServer server = CountingServer.start(2, "3");

    @Override
    protected void settings(Properties settings) {
        settings.put("ingest.concurrency", "4");
        // one origin for all: with its adaptive pace, a 429 pauses the origin (PacingTest); here the waits alone
        settings.put("ingest.adaptive", "false");
    }

    @Test
    void should_fetch_the_other_urls_while_four_429s_wait_out_their_retry_after() throws Exception {
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            urls.add(server.url("/limited/" + i));
        }
        for (int i = 0; i < 200; i++) {
            urls.add(server.url("/fast/" + i));
        }
        drop("waits.txt", String.join("\n", urls));

        JsonNode summary = awaitSummary("waits");

        assertThat(summary.get("succeeded").asInt()).isEqualTo(204);
        long firstLimited = Long.MAX_VALUE;
        long firstRetry = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            List<Long> starts = server.startsOf("/limited/" + i);
            assertThat(starts).hasSize(2);
            assertThat(starts.get(1) - starts.get(0)).isGreaterThanOrEqualTo(2_900_000_000L);
            firstLimited = Math.min(firstLimited, starts.get(0));
            firstRetry = Math.min(firstRetry, starts.get(1));
        }
        long lastFast = 0;
        for (int i = 0; i < 200; i++) {
            lastFast = Math.max(lastFast, server.startsOf("/fast/" + i).get(0));
        }
        // all 200 fast URLs were served while the four retries were still waiting
        assertThat(lastFast).isLessThan(firstRetry);
        for (JsonNode record : records("waits")) {
            if (record.get("url").asText().contains("/limited/")) {
                assertThat(record.get("attempts").asInt()).isEqualTo(2);
            }
        }
    }
}
