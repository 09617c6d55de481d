package io.apiingest;

import java.util.Properties;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/** A redirect to another origin is followed without the headers of a spec that carry credentials by their name. */
class RedirectHeadersTest extends WireMockIngestTest {

    @Override
    protected void settings(Properties settings) {
        settings.put("ingest.request.headers.X-Tenant-Token", "tenant-secret");
        settings.put("ingest.request.headers.X-Tenant", "acme");
    }

    @Test
    void should_drop_cookie_key_and_token_headers_on_a_redirect_to_another_origin_and_keep_the_rest()
            throws Exception {
        server.stubFor(get("/away").willReturn(aResponse().withStatus(302)
                .withHeader("Location", "http://localhost:" + server.getPort() + "/landing")));
        server.stubFor(get("/home").willReturn(aResponse().withStatus(302).withHeader("Location", "/landing")));
        server.stubFor(get("/landing").willReturn(aResponse().withStatus(200).withBody("{}")));
        String headers = "\"headers\": {\"Cookie\": \"session=s3\", \"X-Api-Key\": \"k3y\", \"Accept\": \"text/csv\"}";
        drop("moves.jsonl", lines("{\"url\": \"" + url("/away") + "\", " + headers + "}",
                "{\"url\": \"" + url("/home") + "\", " + headers + "}"));

        awaitSummary("moves");

        LoggedRequest elsewhere = landing("localhost");
        assertThat(elsewhere.containsHeader("Cookie")).isFalse();
        assertThat(elsewhere.containsHeader("X-Api-Key")).isFalse();
        assertThat(elsewhere.containsHeader("X-Tenant-Token")).isFalse();
        assertThat(elsewhere.getHeader("Accept")).isEqualTo("text/csv");
        assertThat(elsewhere.getHeader("X-Tenant")).isEqualTo("acme");
        LoggedRequest home = landing("127.0.0.1");
        assertThat(home.getHeader("Cookie")).as("the same origin keeps them").isEqualTo("session=s3");
        assertThat(home.getHeader("X-Api-Key")).isEqualTo("k3y");
        assertThat(home.getHeader("X-Tenant-Token")).isEqualTo("tenant-secret");
    }

    private static LoggedRequest landing(String host) {
        return server.findAll(getRequestedFor(urlEqualTo("/landing"))).stream()
                .filter(request -> request.getHeader("Host").startsWith(host)).findFirst().orElseThrow();
    }
}
