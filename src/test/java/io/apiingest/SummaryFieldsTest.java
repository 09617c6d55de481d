package io.apiingest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * _SUMMARY.json of a file whose answers are known in advance: fixed delays, two 404s, a 503 that recovers, and a
 * line that is not a URL. The figures must match what the server did.
 */
class SummaryFieldsTest extends WireMockIngestTest {

    @Override
    protected void settings(Properties settings) {
        settings.put("ingest.concurrency", "10");
    }

    @Test
    void should_add_times_retries_final_statuses_latency_and_rate_after_the_old_keys() throws Exception {
        for (int n = 1; n <= 3; n++) {
            server.stubFor(get("/quick/" + n).willReturn(okJson("{\"n\":" + n + "}").withFixedDelay(50)));
            server.stubFor(get("/slow/" + n).willReturn(okJson("{\"n\":" + n + "}").withFixedDelay(250)));
        }
        server.stubFor(get("/missing/1").willReturn(aResponse().withStatus(404)));
        server.stubFor(get("/missing/2").willReturn(aResponse().withStatus(404)));
        server.stubFor(get("/flaky").inScenario("flaky").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("recovered"));
        server.stubFor(get("/flaky").inScenario("flaky").whenScenarioStateIs("recovered")
                .willReturn(okJson("{\"n\":\"flaky\"}").withFixedDelay(50)));
        warmUp();
        List<String> input = new ArrayList<>();
        for (int n = 1; n <= 3; n++) {
            input.add(url("/quick/" + n));
            input.add(url("/slow/" + n));
        }
        input.add(url("/missing/1"));
        input.add("# not counted");
        input.add(url("/missing/2"));
        input.add(url("/flaky"));
        input.add("not a url");
        drop("known.txt", lines(input.toArray(String[]::new)));

        JsonNode summary = awaitSummary("known");

        List<String> keys = new ArrayList<>();
        summary.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("file", "total", "succeeded", "failed", "records", "errors", "pages",
                "items", "truncated", "deadlineExceeded", "durationMs", "startedAt",
                "finishedAt", "retries", "statusCounts", "latencyMs", "urlsPerSecond", "origins");
        assertThat(summary.get("file").asText()).isEqualTo("known.txt");
        assertThat(summary.get("total").asLong()).isEqualTo(10);
        assertThat(summary.get("succeeded").asLong()).isEqualTo(7);
        assertThat(summary.get("failed").asLong()).isEqualTo(3);
        assertThat(summary.get("deadlineExceeded").asBoolean()).as("no ingest.file-deadline-s").isFalse();
        assertThat(summary.get("pages").asLong()).as("no chains of pages").isZero();

        Instant startedAt = Instant.parse(summary.get("startedAt").asText());
        Instant finishedAt = Instant.parse(summary.get("finishedAt").asText());
        long durationMs = summary.get("durationMs").asLong();
        assertThat(summary.get("startedAt").asText()).as("ISO-8601 in UTC").endsWith("Z");
        assertThat(summary.get("finishedAt").asText()).as("ISO-8601 in UTC").endsWith("Z");
        assertThat(startedAt).isBeforeOrEqualTo(finishedAt);
        assertThat(startedAt).isAfter(Instant.now().minus(Duration.ofMinutes(2)));
        assertThat(finishedAt).isBeforeOrEqualTo(Instant.now());
        assertThat(durationMs).as("at least the slowest answer").isGreaterThanOrEqualTo(250);
        assertThat(Duration.between(startedAt, finishedAt).toMillis()).as("finishedAt - startedAt")
                .isCloseTo(durationMs, within(2L));

        assertThat(summary.get("retries").asLong()).as("the one 503 of /flaky").isEqualTo(1);
        assertThat(summary.get("statusCounts").toString()).as("final statuses; the invalid line has none")
                .isEqualTo("{\"200\":7,\"404\":2}");

        JsonNode latency = summary.get("latencyMs");
        List<String> percentiles = new ArrayList<>();
        latency.fieldNames().forEachRemaining(percentiles::add);
        assertThat(percentiles).containsExactly("p50", "p95", "p99", "max");
        long p50 = latency.get("p50").asLong();
        long p95 = latency.get("p95").asLong();
        long p99 = latency.get("p99").asLong();
        long max = latency.get("max").asLong();
        // four successes answer after 50 ms, three after 250 ms: the median is a quick one, p95 a slow one
        assertThat(p50).isGreaterThanOrEqualTo(50L);
        assertThat(p95).isGreaterThanOrEqualTo(250L);
        assertThat(max).isBetween(250L, 10_000L);
        assertThat(p50).isLessThan(p95);
        assertThat(p95).isLessThanOrEqualTo(p99);
        assertThat(p99).isLessThanOrEqualTo(max);

        double expectedRate = 10 / (durationMs / 1000.0);
        assertThat(summary.get("urlsPerSecond").asDouble()).as("total / duration")
                .isCloseTo(expectedRate, within(Math.max(0.05, expectedRate * 0.01)));

        server.verify(2, getRequestedFor(urlEqualTo("/flaky")));
        server.verify(1, getRequestedFor(urlEqualTo("/missing/1")));
    }

    /**
     * A first file, so that the measured one does not carry the first requests' start-up cost (class loading, the
     * client's and the server's first connections), which can exceed the delays under test.
     */
    private void warmUp() throws Exception {
        server.stubFor(get(urlEqualTo("/warm")).willReturn(okJson("{}")));
        String[] warm = new String[20];
        java.util.Arrays.fill(warm, url("/warm"));
        drop("warm.txt", lines(warm));
        assertThat(awaitSummary("warm").get("succeeded").asLong()).isEqualTo(20);
    }

    @Test
    void should_give_no_latency_and_no_statuses_when_no_line_got_a_response() throws Exception {
        drop("junk.txt", lines("not a url", "ftp://127.0.0.1/file", "neither is this"));

        JsonNode summary = awaitSummary("junk");

        assertThat(summary.get("total").asLong()).isEqualTo(3);
        assertThat(summary.get("failed").asLong()).isEqualTo(3);
        assertThat(summary.get("retries").asLong()).isZero();
        assertThat(summary.get("statusCounts").toString()).isEqualTo("{}");
        assertThat(summary.has("latencyMs")).as("the key stays, so every summary has the same keys").isTrue();
        assertThat(summary.get("latencyMs").isNull()).as("no success, no latency").isTrue();
    }
}
