package io.apiingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Adaptive pacing, measured at the servers, with default settings and no ingest.rate: a token-bucket origin (L)
 * is kept near its rate with few 429s, an unlimited one (F) is not held back by it, and one that refuses
 * everything (D) ends each of its URLs after its retries.
 */
abstract class PacingTest extends IngestTestSupport {

    /** A small bucket: 20 requests a second, 5 at once; 120 URLs take it 5.75 s. */
    static class SmallBurst extends PacingTest {
        @RegisterExtension
        static final OriginServer limited = OriginServer.bucket(20, 5, false);
        @RegisterExtension
        static final OriginServer fast = OriginServer.unlimited(50);
        @RegisterExtension
        static final OriginServer down = OriginServer.refusingAll();

        SmallBurst() {
            super(limited, fast, down, 120, 20, 5);
        }
    }

    /** A bucket with a large burst: 20 a second, 30 at once; 170 URLs take it 7 s. */
    static class LargeBurst extends PacingTest {
        @RegisterExtension
        static final OriginServer limited = OriginServer.bucket(20, 30, false);
        @RegisterExtension
        static final OriginServer fast = OriginServer.unlimited(50);
        @RegisterExtension
        static final OriginServer down = OriginServer.refusingAll();

        LargeBurst() {
            super(limited, fast, down, 170, 20, 30);
        }
    }

    private final OriginServer limited;
    private final OriginServer fast;
    private final OriginServer down;
    private final int lUrls;
    private final double lRate;
    private final double lBurst;

    PacingTest(OriginServer limited, OriginServer fast, OriginServer down, int lUrls, double lRate, double lBurst) {
        this.limited = limited;
        this.fast = fast;
        this.down = down;
        this.lUrls = lUrls;
        this.lRate = lRate;
        this.lBurst = lBurst;
    }

    @Override
    protected void settings(Properties settings) {
        settings.put("ingest.retry.delay-ms", "200");
    }

    @Test
    void should_pace_a_limited_origin_without_holding_back_the_others_and_end_one_that_refuses_all()
            throws Exception {
        List<String> input = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            if (i < lUrls) {
                input.add(limited.url("/l/" + i));
            }
            input.add(fast.url("/f/" + i));
            if (i < 5) {
                input.add(down.url("/d/" + i));
            }
        }
        drop("mixed.txt", lines(input.toArray(String[]::new)));

        JsonNode summary = awaitSummary("mixed");

        assertThat(summary.get("succeeded").asInt()).as("every L and F URL").isEqualTo(lUrls + 300);
        assertThat(summary.get("failed").asInt()).isEqualTo(5);
        assertThat(errors("mixed")).allSatisfy(error -> {
            assertThat(error.get("status").asInt()).isEqualTo(503);
            assertThat(error.get("attempts").asInt()).as("retry.max + 1").isEqualTo(4);
        });
        assertThat((double) limited.refused()).as("429s of L's %d requests", limited.requests())
                .isLessThanOrEqualTo(0.15 * limited.requests());
        double bucketSeconds = (lUrls - lBurst) / lRate;
        double lSeconds = (limited.lastOkNanos() - limited.firstRequestNanos()) / 1e9;
        assertThat(lSeconds).as("L's URLs within 1.3 x the bucket's time + 10 s").isLessThan(1.3 * bucketSeconds + 10);
        double fSeconds = (fast.lastOkNanos() - fast.firstRequestNanos()) / 1e9;
        assertThat(fSeconds).as("every F URL within 10 s of the first request").isLessThan(10);
        JsonNode lFigures = summary.get("origins").get(limited.url(""));
        assertThat(lFigures.get("requests").asInt()).as("the summary's figures of L").isEqualTo(limited.requests());
        assertThat(lFigures.get("throttled").asInt()).isEqualTo(limited.refused());
        assertThat(summary.get("origins").get(down.url("")).get("throttled").asInt()).isEqualTo(down.requests());
    }
}
