package io.apiingest;

import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

/** A file of ids is enough: ingest.request.url-template fills {value}, with the default method and headers. */
class UrlTemplateTest extends WireMockIngestTest {

    @Override
    protected void settings(Properties settings) {
        settings.put("ingest.request.url-template", url("/users/{value}/orders?expand=all"));
        settings.put("ingest.request.method", "delete");
        settings.put("ingest.request.headers.Accept", "application/json");
        settings.put("ingest.request.headers.X-Tenant", "acme");
    }

    @Test
    void should_fill_each_line_into_the_template_percent_encoded_and_send_the_default_method_and_headers()
            throws Exception {
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("{\"ok\":true}")));
        drop("ids.txt", lines("42", "# a comment", "a b/c?d", "ünï"));

        awaitSummary("ids");

        assertThat(server.findAll(anyRequestedFor(anyUrl()))).extracting(LoggedRequest::getUrl)
                .containsExactlyInAnyOrder("/users/42/orders?expand=all", "/users/a%20b%2Fc%3Fd/orders?expand=all",
                        "/users/%C3%BCn%C3%AF/orders?expand=all");
        assertThat(server.findAll(anyRequestedFor(anyUrl()))).allSatisfy(request -> {
            assertThat(request.getMethod().getName()).isEqualTo("DELETE");
            assertThat(request.getHeader("Accept")).isEqualTo("application/json");
            assertThat(request.getHeader("X-Tenant")).isEqualTo("acme");
        });
        JsonNode third = recordOfLine("ids", 3);
        assertThat(third.get("url").asText()).isEqualTo(url("/users/a%20b%2Fc%3Fd/orders?expand=all"));
        assertThat(third.get("method").asText()).isEqualTo("DELETE");
        assertThat(third.get("body").get("ok").asBoolean()).isTrue();
    }
}
