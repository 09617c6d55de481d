package io.apiingest;

import java.net.URI;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A URL whose host java.net.URI reads as no host at all (a "registry-based" authority), as it reads a Docker
 * Compose service name such as {@code my_api}. Here the host is {@code 127.1}, 127.0.0.1 written short: java.net.URI
 * reads it the same way, and it resolves with no DNS and no hosts file. ComposeServiceNameIT fetches my_api itself.
 */
class RegistryHostTest extends WireMockIngestTest {

    @Test
    void should_fetch_a_url_whose_host_java_net_uri_reads_as_none_and_follow_its_redirects() throws Exception {
        String base = "http://127.1:" + server.getPort();
        assertThat(URI.create(base + "/orders").getHost()).as("java.net.URI sees no host").isNull();
        server.stubFor(get("/orders").willReturn(aResponse().withStatus(200).withBody("{\"orders\": [1, 2]}")));
        server.stubFor(get("/moved").willReturn(aResponse().withStatus(302).withHeader("Location", "/orders")));
        drop("short.txt", lines(base + "/orders", base + "/moved"));

        awaitSummary("short");

        for (int line = 1; line <= 2; line++) {
            JsonNode record = recordOfLine("short", line);
            assertThat(record.get("status").asInt()).as("record %s", record).isEqualTo(200);
            assertThat(record.get("body").get("orders").size()).isEqualTo(2);
        }
        assertThat(recordOfLine("short", 2).get("url").asText()).isEqualTo(base + "/moved");
        assertThat(server.findAll(getRequestedFor(urlEqualTo("/orders")))).as("the line's and the redirect's")
                .hasSize(2).extracting(request -> request.getHeader("Host"))
                .containsOnly("127.1:" + server.getPort());
    }
}
