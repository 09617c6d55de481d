package io.apiingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** ingest.cluster.rate in local mode, a cluster of one: a limit of this process, as the server counts it. */
class ClusterRateLocalTest extends IngestTestSupport {

    @RegisterExtension
    static final CountingServer server = CountingServer.start(0, "0");

    @Override
    protected void settings(Properties settings) {
        settings.put("ingest.concurrency", "20");
        settings.put("ingest.rate", "50");
        settings.put("ingest.cluster.rate", "8");
    }

    @Test
    void should_hold_the_lower_of_the_rate_and_the_cluster_rate_in_local_mode() throws Exception {
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            urls.add(server.url("/fast/" + i));
        }
        drop("shared.txt", String.join("\n", urls));

        JsonNode summary = awaitSummary("shared");

        assertThat(summary.get("succeeded").asInt()).isEqualTo(24);
        assertThat(server.maxStartsInAnySecond()).isLessThanOrEqualTo(8);
    }
}
