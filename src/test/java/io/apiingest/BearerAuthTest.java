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

/** ingest.auth.type=bearer, no origins listed: the token goes to every origin, never over a redirect elsewhere. */
class BearerAuthTest extends WireMockIngestTest {

    private static final String TOKEN = "b3arer-T0ken.for_tests";

    @Override
    protected void settings(Properties settings) {
        settings.put("ingest.auth.type", "bearer");
        settings.put("ingest.auth.token", TOKEN);
    }

    @Test
    void should_send_the_token_to_every_origin_when_no_origin_is_listed() throws Exception {
        server.stubFor(get("/data").willReturn(aResponse().withStatus(200).withBody("{}")));
        drop("every.txt", lines(url("/data"), localhostUrl("/data")));

        awaitSummary("every");

        List<LoggedRequest> received = server.findAll(getRequestedFor(urlEqualTo("/data")));
        assertThat(received).hasSize(2).allSatisfy(request ->
                assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + TOKEN));
        assertThat(received).extracting(request -> request.getHeader("Host"))
                .anyMatch(host -> host.startsWith("127.0.0.1")).anyMatch(host -> host.startsWith("localhost"));
    }

    @Test
    void should_keep_the_credentials_of_a_url_line_in_place_of_the_token() throws Exception {
        server.stubFor(get("/own").willReturn(aResponse().withStatus(200).withBody("{}")));
        drop("own.txt", lines(url("/own").replace("://", "://alice:wonder@")));

        awaitSummary("own");

        assertThat(server.findAll(getRequestedFor(urlEqualTo("/own")))).singleElement()
                .satisfies(request -> assertThat(request.getHeader("Authorization")).isEqualTo("Basic "
                        + Base64.getEncoder().encodeToString("alice:wonder".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void should_drop_the_token_on_a_redirect_to_another_origin_and_keep_it_on_one_to_the_same() throws Exception {
        server.stubFor(get("/away").willReturn(aResponse().withStatus(302)
                .withHeader("Location", localhostUrl("/landing"))));
        server.stubFor(get("/around").willReturn(aResponse().withStatus(302).withHeader("Location", "/landing")));
        server.stubFor(get("/landing").willReturn(aResponse().withStatus(200).withBody("{\"landed\": true}")));
        drop("redirects.txt", lines(url("/away"), url("/around")));

        awaitSummary("redirects");

        assertThat(recordOfLine("redirects", 1).get("status").asInt()).isEqualTo(200);
        assertThat(recordOfLine("redirects", 2).get("status").asInt()).isEqualTo(200);
        List<LoggedRequest> landings = server.findAll(getRequestedFor(urlEqualTo("/landing")));
        assertThat(landings).hasSize(2);
        assertThat(landings).filteredOn(request -> request.getHeader("Host").startsWith("localhost"))
                .singleElement().satisfies(request -> assertThat(request.containsHeader("Authorization"))
                        .as("no token for another origin").isFalse());
        assertThat(landings).filteredOn(request -> request.getHeader("Host").startsWith("127.0.0.1"))
                .singleElement().satisfies(request -> assertThat(request.getHeader("Authorization"))
                        .isEqualTo("Bearer " + TOKEN));
    }

    /** The same server under another origin. */
    static String localhostUrl(String path) {
        return "http://localhost:" + server.getPort() + path;
    }
}
