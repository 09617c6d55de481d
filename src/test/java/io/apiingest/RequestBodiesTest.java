package io.apiingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A body goes with every method that can carry one, as the input wrote it; a GET without one has no entity, and a POST
 * without one an empty one.
 */
class RequestBodiesTest extends WireMockIngestTest {

    @Test
    void should_send_the_body_of_a_get_and_a_delete_and_refuse_one_on_a_head() throws Exception {
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("{}")));
        drop("bodies.jsonl", lines(
                "{\"url\": \"" + url("/_search") + "\", \"body\": {\"query\": {\"match_all\": {}}}}",
                "{\"url\": \"" + url("/items/1") + "\", \"method\": \"DELETE\", \"bodyText\": \"why: expired\"}",
                "{\"url\": \"" + url("/plain") + "\"}",
                "{\"url\": \"" + url("/head") + "\", \"method\": \"HEAD\", \"body\": 1}",
                "{\"url\": \"" + url("/empty-post") + "\", \"method\": \"POST\"}"));

        awaitSummary("bodies");

        LoggedRequest search = single("/_search");
        assertThat(search.getMethod().getName()).isEqualTo("GET");
        assertThat(search.getBodyAsString()).isEqualTo("{\"query\": {\"match_all\": {}}}");
        assertThat(search.getHeader("Content-Type")).startsWith("application/json");
        LoggedRequest delete = single("/items/1");
        assertThat(delete.getMethod().getName()).isEqualTo("DELETE");
        assertThat(delete.getBodyAsString()).isEqualTo("why: expired");
        LoggedRequest plain = single("/plain");
        assertThat(plain.containsHeader("Content-Length")).as("a GET without a body has no entity").isFalse();
        assertThat(plain.containsHeader("Content-Type")).isFalse();
        LoggedRequest emptyPost = single("/empty-post");
        assertThat(emptyPost.getBodyAsString()).as("a POST without a body sends none (not the input file)")
                .isEmpty();
        assertThat(emptyPost.getHeader("Content-Length")).isEqualTo("0");
        JsonNode head = recordOfLine("bodies", 4);
        assertThat(head.get("attempts").asInt()).isZero();
        assertThat(head.get("error").asText()).startsWith("a HEAD request carries no body");
        assertThat(server.findAll(anyRequestedFor(urlEqualTo("/head")))).isEmpty();
    }

    private static LoggedRequest single(String path) {
        var found = server.findAll(anyRequestedFor(urlEqualTo(path)));
        assertThat(found).as(path).hasSize(1);
        return found.get(0);
    }
}
