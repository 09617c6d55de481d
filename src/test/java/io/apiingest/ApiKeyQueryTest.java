package io.apiingest;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * ingest.auth.type=api-key in the query: added to what is sent, never to what is recorded, and cleaned out of an
 * error text that quotes the URL sent.
 */
class ApiKeyQueryTest extends WireMockIngestTest {

    /** Characters a query must encode, so that the key is sent (and must be scrubbed) in another form. */
    private static final String KEY = "k3y/with space&plus+";
    private static final String ENCODED = URLEncoder.encode(KEY, StandardCharsets.UTF_8);

    @Override
    protected void settings(Properties settings) {
        settings.put("ingest.auth.type", "api-key");
        settings.put("ingest.auth.api-key.name", "api_key");
        settings.put("ingest.auth.api-key.in", "query");
        settings.put("ingest.auth.api-key.value", KEY);
        settings.put("ingest.retry.max", "0");
    }

    @Test
    void should_add_the_key_to_the_query_sent_and_not_to_the_url_recorded() throws Exception {
        server.stubFor(get(urlPathEqualTo("/search")).willReturn(aResponse().withStatus(200).withBody("{}")));
        drop("query.txt", lines(url("/search"), url("/search?q=a+b&page=2"), url("/search?api_key=own")));

        awaitSummary("query");

        List<LoggedRequest> received = server.findAll(getRequestedFor(urlPathEqualTo("/search")));
        assertThat(received).extracting(LoggedRequest::getUrl).containsExactlyInAnyOrder(
                "/search?api_key=" + ENCODED,
                "/search?q=a+b&page=2&api_key=" + ENCODED,
                "/search?api_key=own");
        assertThat(received).filteredOn(request -> !request.getUrl().contains("own")).allSatisfy(request ->
                assertThat(request.queryParameter("api_key").firstValue()).as("as the server reads it")
                        .isEqualTo(KEY));
        assertThat(recordOfLine("query", 1).get("url").asText()).isEqualTo(url("/search"));
        assertThat(recordOfLine("query", 2).get("url").asText()).isEqualTo(url("/search?q=a+b&page=2"));
        for (JsonNode record : records("query")) {
            assertThat(record.toString()).doesNotContain(ENCODED).doesNotContain(KEY);
        }
    }

    @Test
    void should_clean_the_key_out_of_an_error_text_that_quotes_the_url_sent() throws Exception {
        // a redirect to itself: HttpClient's "Circular redirect to '<the URL sent, key and all>'"
        server.stubFor(get(urlPathEqualTo("/loop")).willReturn(aResponse().withStatus(302)
                .withHeader("Location", "{{request.url}}").withTransformers("response-template")));

        String logged = capturingLogs(() -> {
            drop("loop.txt", lines(url("/loop?x=1")));
            awaitSummary("loop");
        });

        JsonNode error = recordOfLine("loop", 1);
        assertThat(error.get("error").asText()).startsWith("redirect loop").contains("api_key=***")
                .doesNotContain(ENCODED).doesNotContain(KEY);
        assertThat(error.get("url").asText()).isEqualTo(url("/loop?x=1"));
        assertThat(logged).doesNotContain(ENCODED).doesNotContain(KEY);
    }
}
