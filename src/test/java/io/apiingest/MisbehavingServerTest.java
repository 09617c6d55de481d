package io.apiingest;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.zip.GZIPOutputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.http.Fault;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/** Servers that break the rules: compressed bodies, broken connections, garbage, redirect loops. */
class MisbehavingServerTest extends WireMockIngestTest {

    @Override
    protected void settings(Properties settings) {
        settings.put("ingest.retry.max", "2");
        settings.put("ingest.timeout-ms", "1000");
    }

    @Test
    void should_decompress_a_gzip_body_before_recording_it() throws Exception {
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
            gzip.write("{\"compressed\": true, \"items\": [1, 2, 3]}".getBytes(StandardCharsets.UTF_8));
        }
        server.stubFor(get("/gzip").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withHeader("Content-Encoding", "gzip")
                .withBody(zipped.toByteArray())));
        drop("zipped.txt", lines(url("/gzip")));

        awaitSummary("zipped");

        JsonNode record = recordOfLine("zipped", 1);
        assertThat(record.get("body").get("compressed").asBoolean()).isTrue();
        assertThat(record.get("body").get("items").size()).isEqualTo(3);
        assertThat(server.findAll(getRequestedFor(urlEqualTo("/gzip"))).get(0).getHeader("Accept-Encoding"))
                .contains("gzip");
    }

    @Test
    void should_retry_broken_connections_and_record_what_happened_in_words() throws Exception {
        server.stubFor(get("/reset").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        server.stubFor(get("/empty").willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));
        server.stubFor(get("/garbage").willReturn(aResponse().withFault(Fault.RANDOM_DATA_THEN_CLOSE)));
        server.stubFor(get("/chunk").willReturn(aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK)));
        drop("broken.txt", lines(url("/reset"), url("/empty"), url("/garbage"), url("/chunk")));

        JsonNode summary = awaitSummary("broken");

        assertThat(summary.get("failed").asInt()).isEqualTo(4);
        for (JsonNode error : errors("broken")) {
            assertThat(error.get("status").isNull()).as("status of %s", error).isTrue();
            assertThat(error.get("attempts").asInt()).as("attempts of %s", error).isEqualTo(3);
            assertThat(error.get("error").asText()).as("error of %s", error).isNotBlank();
        }
        for (String path : new String[] {"/reset", "/empty", "/garbage", "/chunk"}) {
            server.verify(3, getRequestedFor(urlEqualTo(path)));
        }
        assertThat(recordOfLine("broken", 2).get("error").asText())
                .isEqualTo("the server closed the connection without responding");
    }

    @Test
    void should_speak_tls_to_an_https_url_and_refuse_a_certificate_it_cannot_trust() throws Exception {
        // WireMock's certificate is self-signed: a TLS failure proves the request went out over TLS
        server.stubFor(get("/secure").willReturn(aResponse().withStatus(200).withBody("{}")));
        drop("secure.txt", lines("https://127.0.0.1:" + server.getHttpsPort() + "/secure"));

        awaitSummary("secure");

        JsonNode error = recordOfLine("secure", 1);
        assertThat(error.get("status").isNull()).isTrue();
        assertThat(error.get("attempts").asInt()).isEqualTo(1);
        assertThat(error.get("error").asText()).startsWith("TLS failure");
    }

    @Test
    void should_end_a_redirect_loop_with_an_error_instead_of_looping() throws Exception {
        server.stubFor(get("/ping").willReturn(aResponse().withStatus(302).withHeader("Location", "/pong")));
        server.stubFor(get("/pong").willReturn(aResponse().withStatus(302).withHeader("Location", "/ping")));
        drop("loop.txt", lines(url("/ping")));

        awaitSummary("loop");

        JsonNode error = recordOfLine("loop", 1);
        assertThat(error.get("status").isNull()).isTrue();
        assertThat(error.get("attempts").asInt()).isEqualTo(1);
        assertThat(error.get("error").asText()).startsWith("redirect loop");
        assertThat(server.findAll(getRequestedFor(urlEqualTo("/ping")))).hasSizeLessThanOrEqualTo(2);
    }
}
