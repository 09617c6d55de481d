package io.apiingest;

import java.net.ServerSocket;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/** Each kind of response ends as the right record: the outcomes of the output contract, one by one. */
class FetchOutcomesTest extends WireMockIngestTest {

    @Override
    protected void settings(Properties settings) {
        settings.put("ingest.retry.max", "2");
        settings.put("ingest.timeout-ms", "400");
        // one origin for all its URLs: with its adaptive pace, a Retry-After pauses the others too, and the
        // HTTP-date case's first request could start late; each URL's own waits are what these tests measure
        settings.put("ingest.adaptive", "false");
    }

    @Test
    void should_parse_json_bodies_and_keep_other_bodies_as_json_strings() throws Exception {
        server.stubFor(get("/json").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"id\": 7, \"tags\": [\"a\"]}")));
        server.stubFor(get("/text").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/plain").withBody("hello")));
        server.stubFor(get("/broken").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"id\": 7,")));
        server.stubFor(get("/created").willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("[1,2]")));
        drop("bodies.txt", lines(url("/json"), url("/text"), url("/broken"), url("/created")));

        JsonNode summary = awaitSummary("bodies");

        assertThat(summary.get("total").asInt()).isEqualTo(4);
        assertThat(summary.get("succeeded").asInt()).isEqualTo(4);
        JsonNode json = recordOfLine("bodies", 1);
        assertThat(json.get("url").asText()).isEqualTo(url("/json"));
        assertThat(json.get("status").asInt()).isEqualTo(200);
        assertThat(json.get("attempts").asInt()).isEqualTo(1);
        assertThat(json.get("elapsedMs").isIntegralNumber()).isTrue();
        assertThat(json.get("body").get("id").asInt()).isEqualTo(7);
        assertThat(json.get("body").get("tags").get(0).asText()).isEqualTo("a");
        assertThat(recordOfLine("bodies", 2).get("body").isTextual()).isTrue();
        assertThat(recordOfLine("bodies", 2).get("body").asText()).isEqualTo("hello");
        assertThat(recordOfLine("bodies", 3).get("body").asText()).isEqualTo("{\"id\": 7,");
        assertThat(recordOfLine("bodies", 4).get("status").asInt()).isEqualTo(201);
        assertThat(recordOfLine("bodies", 4).get("body").isArray()).isTrue();
        List<String> fields = fieldNames(json);
        assertThat(fields).containsExactly("line", "url", "status", "attempts", "elapsedMs", "body");
    }

    @Test
    void should_retry_503_and_record_the_success_with_every_attempt_counted() throws Exception {
        server.stubFor(get("/flaky").inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("second"));
        server.stubFor(get("/flaky").inScenario("flaky").whenScenarioStateIs("second")
                .willReturn(aResponse().withStatus(502)).willSetStateTo("third"));
        server.stubFor(get("/flaky").inScenario("flaky").whenScenarioStateIs("third")
                .willReturn(aResponse().withStatus(200).withBody("{\"ok\":true}")));
        drop("flaky.txt", lines(url("/flaky")));

        awaitSummary("flaky");

        JsonNode record = recordOfLine("flaky", 1);
        assertThat(record.get("status").asInt()).isEqualTo(200);
        assertThat(record.get("attempts").asInt()).isEqualTo(3);
        assertThat(record.get("body").get("ok").asBoolean()).isTrue();
        server.verify(3, getRequestedFor(urlEqualTo("/flaky")));
    }

    @Test
    void should_give_up_on_a_retryable_status_after_retry_max_and_record_an_error() throws Exception {
        for (int status : new int[] {408, 429, 500, 502, 503, 504}) {
            server.stubFor(get("/always/" + status).willReturn(aResponse().withStatus(status)));
        }
        drop("down.txt", lines(url("/always/408"), url("/always/429"), url("/always/500"), url("/always/502"),
                url("/always/503"), url("/always/504")));

        JsonNode summary = awaitSummary("down");

        assertThat(summary.get("failed").asInt()).isEqualTo(6);
        assertThat(summary.get("succeeded").asInt()).isZero();
        for (JsonNode error : errors("down")) {
            int status = error.get("status").asInt();
            assertThat(error.get("url").asText()).endsWith("/always/" + status);
            assertThat(error.get("attempts").asInt()).as("attempts for %s", status).isEqualTo(3);
            assertThat(error.get("error").asText()).startsWith("HTTP " + status + " ");
            server.verify(3, getRequestedFor(urlEqualTo("/always/" + status)));
        }
        assertThat(errors("down")).hasSize(6);
        assertThat(fieldNames(errors("down").get(0))).containsExactly("line", "url", "status", "attempts", "error");
    }

    @Test
    void should_not_retry_other_client_errors() throws Exception {
        server.stubFor(get("/missing").willReturn(aResponse().withStatus(404)));
        server.stubFor(get("/forbidden").willReturn(aResponse().withStatus(403)));
        drop("client.txt", lines(url("/missing"), url("/forbidden")));

        awaitSummary("client");

        JsonNode missing = recordOfLine("client", 1);
        assertThat(missing.get("status").asInt()).isEqualTo(404);
        assertThat(missing.get("attempts").asInt()).isEqualTo(1);
        assertThat(missing.get("error").asText()).isEqualTo("HTTP 404 Not Found");
        assertThat(recordOfLine("client", 2).get("error").asText()).isEqualTo("HTTP 403 Forbidden");
        server.verify(1, getRequestedFor(urlEqualTo("/missing")));
        server.verify(1, getRequestedFor(urlEqualTo("/forbidden")));
    }

    @Test
    void should_honour_retry_after_in_seconds_and_as_an_http_date() throws Exception {
        server.stubFor(get("/seconds").inScenario("s").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "2")).willSetStateTo("ok"));
        server.stubFor(get("/seconds").inScenario("s").whenScenarioStateIs("ok")
                .willReturn(aResponse().withStatus(200).withBody("{}")));
        String inThreeSeconds = DateTimeFormatter.RFC_1123_DATE_TIME
                .format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(3));
        server.stubFor(get("/date").inScenario("d").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503).withHeader("Retry-After", inThreeSeconds))
                .willSetStateTo("ok"));
        server.stubFor(get("/date").inScenario("d").whenScenarioStateIs("ok")
                .willReturn(aResponse().withStatus(200).withBody("{}")));
        drop("later.txt", lines(url("/seconds"), url("/date")));

        awaitSummary("later");

        assertThat(recordOfLine("later", 1).get("attempts").asInt()).isEqualTo(2);
        assertThat(recordOfLine("later", 2).get("attempts").asInt()).isEqualTo(2);
        // the backoff alone would be 10-20 ms: gaps of seconds can only come from Retry-After
        assertThat(gapBetweenFirstTwoRequestsMs("/seconds")).isGreaterThanOrEqualTo(1900);
        assertThat(gapBetweenFirstTwoRequestsMs("/date")).isGreaterThanOrEqualTo(1000);
    }

    @Test
    void should_retry_timeouts_and_refused_connections_and_record_them_without_a_status() throws Exception {
        server.stubFor(get("/slow").willReturn(aResponse().withStatus(200).withFixedDelay(1500)));
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        drop("network.txt", lines(url("/slow"), "http://127.0.0.1:" + closedPort + "/nothing-here"));

        awaitSummary("network");

        JsonNode timeout = recordOfLine("network", 1);
        assertThat(timeout.get("status").isNull()).isTrue();
        assertThat(timeout.get("attempts").asInt()).isEqualTo(3);
        assertThat(timeout.get("error").asText()).contains("timed out");
        server.verify(3, getRequestedFor(urlEqualTo("/slow")));
        JsonNode refused = recordOfLine("network", 2);
        assertThat(refused.get("status").isNull()).isTrue();
        assertThat(refused.get("attempts").asInt()).isEqualTo(3);
        assertThat(refused.get("error").asText()).contains("connection refused");
    }

    @Test
    void should_follow_redirects_and_record_the_final_response_under_the_original_url() throws Exception {
        server.stubFor(get("/old").willReturn(aResponse().withStatus(301).withHeader("Location", "/new")));
        server.stubFor(get("/new").willReturn(aResponse().withStatus(302).withHeader("Location", "/newest")));
        server.stubFor(get("/newest").willReturn(aResponse().withStatus(200).withBody("{\"moved\":true}")));
        drop("moved.txt", lines(url("/old")));

        awaitSummary("moved");

        JsonNode record = recordOfLine("moved", 1);
        assertThat(record.get("url").asText()).isEqualTo(url("/old"));
        assertThat(record.get("status").asInt()).isEqualTo(200);
        assertThat(record.get("body").get("moved").asBoolean()).isTrue();
    }

    @Test
    void should_record_lines_that_are_not_http_urls_as_untried_errors_and_go_on() throws Exception {
        server.stubFor(get("/fine").willReturn(aResponse().withStatus(200).withBody("{}")));
        drop("mixed.txt", lines("not a url", "ftp://x/y", "http://", url("/fine"), "//no-scheme/path"));

        JsonNode summary = awaitSummary("mixed");

        assertThat(summary.get("total").asInt()).isEqualTo(5);
        assertThat(summary.get("succeeded").asInt()).isEqualTo(1);
        assertThat(summary.get("failed").asInt()).isEqualTo(4);
        for (long line : new long[] {1, 2, 3, 5}) {
            JsonNode error = recordOfLine("mixed", line);
            assertThat(error.get("attempts").asInt()).isZero();
            assertThat(error.get("status").isNull()).isTrue();
            assertThat(error.get("error").asText()).isNotBlank();
        }
        assertThat(recordOfLine("mixed", 2).get("error").asText()).contains("unsupported scheme 'ftp'");
        assertThat(recordOfLine("mixed", 1).get("url").asText()).isEqualTo("not a url");
        assertThat(recordOfLine("mixed", 4).get("status").asInt()).isEqualTo(200);
    }

    @Test
    void should_send_a_plain_get_without_leaking_internal_headers() throws Exception {
        server.stubFor(get("/plain").willReturn(aResponse().withStatus(200).withBody("{}")));
        drop("plain.txt", lines(url("/plain")));

        awaitSummary("plain");

        LoggedRequest request = server.findAll(getRequestedFor(urlEqualTo("/plain"))).get(0);
        assertThat(request.getMethod().getName()).isEqualTo("GET");
        assertThat(request.getHeaders().keys()).noneMatch(h -> h.toLowerCase().startsWith("camel")
                || h.toLowerCase().startsWith("ingest"));
        assertThat(request.getHeader("User-Agent")).startsWith("api-ingest/");
    }

    private long gapBetweenFirstTwoRequestsMs(String path) {
        List<LoggedRequest> requests = server.findAll(getRequestedFor(urlEqualTo(path)));
        assertThat(requests).hasSize(2);
        long first = Math.min(requests.get(0).getLoggedDate().getTime(), requests.get(1).getLoggedDate().getTime());
        long second = Math.max(requests.get(0).getLoggedDate().getTime(), requests.get(1).getLoggedDate().getTime());
        return second - first;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
