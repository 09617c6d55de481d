package io.apiingest;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Properties;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/** ingest.auth.type=basic for the origins listed in ingest.auth.origins only. */
class AuthOriginsTest extends WireMockIngestTest {

    private static final String PASSWORD = "pa55:wörd";

    @Override
    protected void settings(Properties settings) {
        settings.put("ingest.auth.type", "basic");
        settings.put("ingest.auth.username", "ingest");
        settings.put("ingest.auth.password", PASSWORD);
        // written as a user may write it: the default port's absence and the case do not matter
        settings.put("ingest.auth.origins", "https://api.example.com, HTTP://127.0.0.1:" + server.getPort() + "/");
    }

    @Test
    void should_send_basic_credentials_to_a_listed_origin_and_none_to_another() throws Exception {
        server.stubFor(get("/data").withBasicAuth("ingest", PASSWORD)
                .willReturn(aResponse().withStatus(200).withBody("{\"private\": true}")));
        server.stubFor(get("/data").atPriority(10).willReturn(aResponse().withStatus(200).withBody("{}")));
        drop("origins.txt", lines(url("/data"), BearerAuthTest.localhostUrl("/data")));

        awaitSummary("origins");

        assertThat(recordOfLine("origins", 1).get("body").get("private").asBoolean()).isTrue();
        List<LoggedRequest> received = server.findAll(getRequestedFor(urlEqualTo("/data")));
        assertThat(received).filteredOn(request -> request.getHeader("Host").startsWith("127.0.0.1"))
                .singleElement().satisfies(request -> assertThat(request.getHeader("Authorization"))
                        .isEqualTo("Basic " + Base64.getEncoder().encodeToString(("ingest:" + PASSWORD)
                                .getBytes(StandardCharsets.UTF_8))));
        assertThat(received).filteredOn(request -> request.getHeader("Host").startsWith("localhost"))
                .singleElement().satisfies(request -> assertThat(request.containsHeader("Authorization"))
                        .as("localhost is not a listed origin").isFalse());
    }
}
