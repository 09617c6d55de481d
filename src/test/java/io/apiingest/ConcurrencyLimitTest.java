package io.apiingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** ingest.concurrency as the server counts it: never more requests in flight, retries included. */
class ConcurrencyLimitTest extends IngestTestSupport {

    @RegisterExtension
    static final CountingServer server = CountingServer.start(40, "0");

    @Override
    protected void settings(Properties settings) {
        settings.put("ingest.concurrency", "5");
        // the global limit alone: an origin's adaptive pace starts slow (4 in flight), which is PacingTest's
        settings.put("ingest.adaptive", "false");
    }

    @Test
    void should_never_have_more_requests_in_flight_than_the_concurrency() throws Exception {
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            // every fourth URL answers 500 once, so retries run alongside first attempts (a 500 does not slow its
            // host down, as a 429 would: the limit must be used, not undercut)
            urls.add(server.url((i % 4 == 0 ? "/broken-once/" : "/fast/") + i));
        }
        drop("many.txt", String.join("\n", urls));

        JsonNode summary = awaitSummary("many");

        assertThat(summary.get("succeeded").asInt()).isEqualTo(80);
        assertThat(server.startNanos()).hasSize(100);
        assertThat(server.maxInFlight()).isLessThanOrEqualTo(5);
        // and the limit is used, not undercut: the pipeline really runs requests in parallel
        assertThat(server.maxInFlight()).isEqualTo(5);
    }
}
