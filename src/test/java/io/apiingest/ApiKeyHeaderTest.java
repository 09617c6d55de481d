package io.apiingest;

import java.util.List;
import java.util.Properties;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/** ingest.auth.type=api-key in a header: sent to the request's origin, taken off a redirect to another. */
class ApiKeyHeaderTest extends WireMockIngestTest {

    private static final String KEY = "k3y-in-a-header";

    @Override
    protected void settings(Properties settings) {
        settings.put("ingest.auth.type", "api-key");
        settings.put("ingest.auth.api-key.name", "X-Partner-Key");
        settings.put("ingest.auth.api-key.in", "header");
        settings.put("ingest.auth.api-key.value", KEY);
    }

    @Test
    void should_send_the_key_in_its_header() throws Exception {
        server.stubFor(get("/data").withHeader("X-Partner-Key", equalTo(KEY))
                .willReturn(aResponse().withStatus(200).withBody("{\"keyed\": true}")));
        server.stubFor(get("/data").atPriority(10).willReturn(aResponse().withStatus(401)));
        drop("keyed.txt", lines(url("/data")));

        awaitSummary("keyed");

        assertThat(recordOfLine("keyed", 1).get("body").get("keyed").asBoolean()).isTrue();
    }

    @Test
    void should_take_the_key_and_the_url_credentials_off_a_redirect_to_another_origin() throws Exception {
        server.stubFor(get("/away").willReturn(aResponse().withStatus(302)
                .withHeader("Location", BearerAuthTest.localhostUrl("/landing"))));
        server.stubFor(get("/landing").willReturn(aResponse().withStatus(200).withBody("{}")));
        drop("away.txt", lines(url("/away"), url("/away").replace("://", "://alice:wonder@")));

        awaitSummary("away");

        List<LoggedRequest> first = server.findAll(getRequestedFor(urlEqualTo("/away")));
        assertThat(first).hasSize(2).allSatisfy(request ->
                assertThat(request.getHeader("X-Partner-Key")).isEqualTo(KEY));
        List<LoggedRequest> landings = server.findAll(getRequestedFor(urlEqualTo("/landing")));
        assertThat(landings).hasSize(2).allSatisfy(request -> {
            assertThat(request.getHeader("Host")).startsWith("localhost");
            assertThat(request.containsHeader("X-Partner-Key")).as("the key stays home").isFalse();
            assertThat(request.containsHeader("Authorization")).as("the URL's credentials stay home").isFalse();
        });
    }
}
