package io.apiingest;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** An origin that announces its quota in RateLimit fields is kept to it: at most a handful of 429s. */
class AnnouncedQuotaTest extends IngestTestSupport {

    @RegisterExtension
    static final OriginServer limited = OriginServer.bucket(20, 5, true);

    @Override
    protected void settings(java.util.Properties settings) {
        // the first wave (a quarter of the concurrency, at least 4) goes out before any answer is heard: at 16 it
        // is 4, within the bucket's burst of 5, so the 429s counted are those of keeping to the quota
        settings.put("ingest.concurrency", "16");
    }

    @Test
    void should_keep_to_a_quota_the_origin_announces_with_a_handful_of_429s_at_most() throws Exception {
        String[] urls = new String[100];
        for (int i = 0; i < urls.length; i++) {
            urls[i] = limited.url("/q/" + i);
        }
        drop("quota.txt", lines(urls));

        JsonNode summary = awaitSummary("quota");

        assertThat(summary.get("succeeded").asInt()).isEqualTo(100);
        assertThat(limited.refused()).as("429s of %d requests", limited.requests()).isLessThanOrEqualTo(5);
        double seconds = (limited.lastOkNanos() - limited.firstRequestNanos()) / 1e9;
        assertThat(seconds).as("at about its 20 requests a second").isLessThan((100 - 5) / 20.0 * 1.3 + 2);
    }
}
