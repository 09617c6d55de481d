package io.apiingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Adaptive pacing, measured at the servers, with default settings and no ingest.rate: a token-bucket origin (L)
 * is kept near its rate with few 429s, an unlimited one (F) is not held back by it, and one that refuses
 * everything (D) ends each of its URLs after its retries.
 */
class PacingTest extends IngestTestSupport {

    private static final int L_URLS = 120;
    private static final double L_RATE = 20;
    private static final double L_BURST = 5;

    @RegisterExtension
    static final OriginServer limited = OriginServer.bucket(L_RATE, L_BURST, false);
    @RegisterExtension
    static final OriginServer fast = OriginServer.unlimited(50);
    @RegisterExtension
    static final OriginServer down = OriginServer.refusingAll();

    @Override
    protected void settings(Properties settings) {
        settings.put("ingest.retry.delay-ms", "200");
    }

    @Test
    void should_pace_a_limited_origin_without_holding_back_the_others_and_end_one_that_refuses_all()
            throws Exception {
        List<String> input = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            if (i < L_URLS) {
                input.add(limited.url("/l/" + i));
            }
            input.add(fast.url("/f/" + i));
            if (i < 5) {
                input.add(down.url("/d/" + i));
            }
        }
        drop("mixed.txt", lines(input.toArray(String[]::new)));

        JsonNode summary = awaitSummary("mixed");

        assertThat(summary.get("succeeded").asInt()).as("every L and F URL").isEqualTo(L_URLS + 300);
        assertThat(summary.get("failed").asInt()).isEqualTo(5);
        assertThat(errors("mixed")).allSatisfy(error -> {
            assertThat(error.get("status").asInt()).isEqualTo(503);
            assertThat(error.get("attempts").asInt()).as("retry.max + 1").isEqualTo(4);
        });
        assertThat((double) limited.refused()).as("429s of L's %d requests", limited.requests())
                .isLessThanOrEqualTo(0.15 * limited.requests());
        double bucketSeconds = (L_URLS - L_BURST) / L_RATE;
        double lSeconds = (limited.lastOkNanos() - limited.firstRequestNanos()) / 1e9;
        assertThat(lSeconds).as("L's URLs within 1.3 x the bucket's time + 10 s").isLessThan(1.3 * bucketSeconds + 10);
        double fSeconds = (fast.lastOkNanos() - fast.firstRequestNanos()) / 1e9;
        assertThat(fSeconds).as("every F URL within 10 s of the first request").isLessThan(10);
        assertThat(TimeUnit.NANOSECONDS.toSeconds(fast.lastOkNanos() - fast.firstRequestNanos())).isLessThan(10);
    }
}
