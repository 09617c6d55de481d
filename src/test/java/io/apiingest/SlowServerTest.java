package io.apiingest;

import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ingest.timeout-ms} bounds a whole attempt: a server that keeps sending, a byte at a time and never slower
 * than the timeout between two bytes, is still cut off when the attempt's time is up.
 */
class SlowServerTest extends IngestTestSupport {

    static HostileServer hostile;

    @BeforeAll
    static void startHostileServer() throws Exception {
        hostile = new HostileServer();
    }

    @AfterAll
    static void stopHostileServer() throws Exception {
        hostile.close();
    }

    @Override
    protected void settings(Properties settings) {
        // a byte every 200 ms never trips a 1000 ms read timeout: only a deadline on the whole attempt ends it
        settings.put("ingest.timeout-ms", "1000");
        settings.put("ingest.retry.max", "1");
    }

    @Test
    void should_end_an_attempt_at_a_dripping_body_or_dripping_headers_when_its_time_is_up() throws Exception {
        drop("drip.txt", lines(hostile.url("/drip-body/1"), hostile.url("/drip-headers/1")));

        // each response would take a minute to arrive; two attempts each must end long before
        JsonNode summary = awaitSummary("drip");

        assertThat(summary.get("failed").asInt()).isEqualTo(2);
        assertThat(summary.get("durationMs").asLong()).isLessThan(30_000);
        for (int line = 1; line <= 2; line++) {
            JsonNode error = recordOfLine("drip", line);
            assertThat(error.get("status").isNull()).as("status of %s", error).isTrue();
            assertThat(error.get("attempts").asInt()).as("attempts of %s", error).isEqualTo(2);
            assertThat(error.get("error").asText()).isEqualTo("timed out: no complete response within 1000 ms");
        }
        assertThat(hostile.requestsTo("/drip-body/1")).isEqualTo(2);
        assertThat(hostile.requestsTo("/drip-headers/1")).isEqualTo(2);
    }
}
