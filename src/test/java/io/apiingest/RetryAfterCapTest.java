package io.apiingest;

import java.util.List;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/** A Retry-After of an hour must not look like a hang: the wait is capped by ingest.retry.max-delay-ms. */
class RetryAfterCapTest extends WireMockIngestTest {

    @Override
    protected void settings(Properties settings) {
        settings.put("ingest.retry.max", "2");
        settings.put("ingest.retry.max-delay-ms", "300");
    }

    @Test
    void should_fail_at_once_naming_the_wait_when_retry_after_asks_for_more_than_the_max_delay() throws Exception {
        server.stubFor(get("/hour").willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3600")));
        drop("capped.txt", lines(url("/hour")));

        awaitSummary("capped");

        JsonNode error = recordOfLine("capped", 1);
        assertThat(error.get("status").asInt()).isEqualTo(429);
        assertThat(error.get("attempts").asInt()).as("not retried").isEqualTo(1);
        assertThat(error.get("error").asText()).isEqualTo("HTTP 429 Too Many Requests; server asks to wait 3600 s, "
                + "over ingest.retry.max-delay-ms (300 ms)");
        List<LoggedRequest> requests = server.findAll(getRequestedFor(urlEqualTo("/hour")));
        assertThat(requests).hasSize(1);
    }
}
