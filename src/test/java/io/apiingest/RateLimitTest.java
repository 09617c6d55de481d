package io.apiingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** ingest.rate as the server counts it: never more request starts in any one-second window, retries included. */
class RateLimitTest extends IngestTestSupport {

    @RegisterExtension
    static final CountingServer server = CountingServer.start(0, "0");

    @Override
    protected void settings(Properties settings) {
        settings.put("ingest.concurrency", "20");
        settings.put("ingest.rate", "10");
    }

    @Test
    void should_never_start_more_requests_in_any_second_than_the_rate() throws Exception {
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            // a 429 and a redirect hop are request starts like any other
            urls.add(server.url((i % 5 == 0 ? "/limited/" : i % 5 == 1 ? "/moved/" : "/fast/") + i));
        }
        drop("paced.txt", String.join("\n", urls));

        JsonNode summary = awaitSummary("paced");

        assertThat(summary.get("succeeded").asInt()).isEqualTo(30);
        assertThat(server.startNanos()).as("30 URLs, 6 retries after a 429, 6 redirect hops").hasSize(42);
        assertThat(server.maxStartsInAnySecond()).isLessThanOrEqualTo(10);
    }
}
