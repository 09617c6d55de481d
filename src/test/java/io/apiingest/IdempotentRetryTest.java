package io.apiingest;

import java.net.ServerSocket;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A POST or PATCH that may have reached the server is not sent again unless it carries an Idempotency-Key or
 * ingest.retry.non-idempotent=true; 408, 429 and 503 (the server says it did not act) and failures to connect are
 * retried for every method. Counted at the server.
 */
class IdempotentRetryTest {

    private static final String NOT_RETRIED = "not retried: the POST may have reached the server, and it is repeated"
            + " only with an Idempotency-Key header or ingest.retry.non-idempotent=true";

    /** Every path answers with the status it names: /status/500/x answers 500. */
    static void stubStatuses() {
        for (int status : new int[] {500, 502, 503, 504, 408, 429}) {
            WireMockIngestTest.server.stubFor(any(urlPathMatching("/status/" + status + "/.*"))
                    .willReturn(aResponse().withStatus(status).withBody("{}")));
        }
        WireMockIngestTest.server.stubFor(any(urlPathMatching("/slow/.*"))
                .willReturn(aResponse().withStatus(200).withFixedDelay(5_000).withBody("{}")));
    }

    static int received(String path) {
        return WireMockIngestTest.server.findAll(anyRequestedFor(urlEqualTo(path))).size();
    }

    @Nested
    class PostWithoutAKey extends WireMockIngestTest {

        @Override
        protected void settings(Properties settings) {
            settings.put("ingest.request.method", "POST");
            settings.put("ingest.retry.max", "2");
            settings.put("ingest.timeout-ms", "2000");
        }

        @Test
        void should_not_resend_a_post_the_server_may_have_acted_on_and_say_why() throws Exception {
            stubStatuses();
            int closedPort;
            try (ServerSocket socket = new ServerSocket(0)) {
                closedPort = socket.getLocalPort();
            }
            drop("posts.txt", lines(url("/status/500/a"), url("/status/502/a"), url("/status/504/a"),
                    url("/slow/a"), url("/status/503/a"), url("/status/408/a"), url("/status/429/a"),
                    "http://127.0.0.1:" + closedPort + "/refused"));

            awaitSummary("posts");

            for (int line = 1; line <= 4; line++) {
                JsonNode error = recordOfLine("posts", line);
                assertThat(error.get("attempts").asInt()).as("line %d", line).isEqualTo(1);
                assertThat(error.get("method").asText()).isEqualTo("POST");
                assertThat(error.get("error").asText()).as("line %d", line).endsWith("; " + NOT_RETRIED);
            }
            assertThat(recordOfLine("posts", 4).get("error").asText()).startsWith("timed out");
            assertThat(received("/status/500/a")).as("sent once").isEqualTo(1);
            assertThat(received("/slow/a")).as("a timed-out POST is not sent again").isEqualTo(1);
            for (int line = 5; line <= 7; line++) {
                JsonNode error = recordOfLine("posts", line);
                assertThat(error.get("attempts").asInt()).as("408, 429 and 503 say the server did not act")
                        .isEqualTo(3);
                assertThat(error.get("error").asText()).doesNotContain("not retried");
            }
            assertThat(received("/status/503/a")).isEqualTo(3);
            JsonNode refused = recordOfLine("posts", 8);
            assertThat(refused.get("attempts").asInt()).as("never connected: the server cannot have seen it")
                    .isEqualTo(3);
        }
    }

    @Nested
    class PostWithAnIdempotencyKey extends WireMockIngestTest {

        @Override
        protected void settings(Properties settings) {
            settings.put("ingest.request.method", "POST");
            settings.put("ingest.request.headers.Idempotency-Key", "run-42");
            settings.put("ingest.retry.max", "2");
        }

        @Test
        void should_retry_a_post_that_carries_an_idempotency_key() throws Exception {
            stubStatuses();
            drop("keyed.txt", lines(url("/status/500/b")));

            awaitSummary("keyed");

            assertThat(recordOfLine("keyed", 1).get("attempts").asInt()).isEqualTo(3);
            assertThat(received("/status/500/b")).isEqualTo(3);
            assertThat(server.findAll(anyRequestedFor(urlEqualTo("/status/500/b"))))
                    .allSatisfy(request -> assertThat(request.getHeader("Idempotency-Key")).isEqualTo("run-42"));
        }
    }

    @Nested
    class NonIdempotentRetriesAllowed extends WireMockIngestTest {

        @Override
        protected void settings(Properties settings) {
            settings.put("ingest.request.method", "patch");
            settings.put("ingest.retry.non-idempotent", "true");
            settings.put("ingest.retry.max", "1");
        }

        @Test
        void should_retry_a_patch_when_the_user_says_it_is_safe() throws Exception {
            stubStatuses();
            drop("patches.txt", lines(url("/status/502/c")));

            awaitSummary("patches");

            JsonNode error = recordOfLine("patches", 1);
            assertThat(error.get("attempts").asInt()).isEqualTo(2);
            assertThat(error.get("method").asText()).isEqualTo("PATCH");
            assertThat(received("/status/502/c")).isEqualTo(2);
        }
    }

    @Nested
    class IdempotentMethods extends WireMockIngestTest {

        @Override
        protected void settings(Properties settings) {
            settings.put("ingest.request.method", "PUT");
            settings.put("ingest.retry.max", "1");
        }

        @Test
        void should_retry_a_put_as_it_is_idempotent() throws Exception {
            stubStatuses();
            drop("puts.txt", lines(url("/status/500/d")));

            awaitSummary("puts");

            assertThat(recordOfLine("puts", 1).get("attempts").asInt()).isEqualTo(2);
            assertThat(received("/status/500/d")).isEqualTo(2);
        }
    }
}
