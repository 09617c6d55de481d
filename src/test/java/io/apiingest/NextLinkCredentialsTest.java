package io.apiingest;

import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A next link to another origin is followed as a redirect there would be: without the token, whatever the API's
 * page says; the chain's own origin keeps getting it.
 */
class NextLinkCredentialsTest extends IngestTestSupport {

    @RegisterExtension
    static final StreamingApi home = StreamingApi.start();
    @RegisterExtension
    static final StreamingApi elsewhere = StreamingApi.start();

    @Override
    protected void settings(Properties settings) {
        settings.put("ingest.auth.type", "bearer");
        settings.put("ingest.auth.token", "s3cret-token");
        settings.put("ingest.paginate.type", "next-url");
        settings.put("ingest.paginate.next-path", "/next");
    }

    @Test
    void should_not_send_the_token_to_another_origin_a_next_link_points_to() throws Exception {
        home.on("/a", "application/json", (out, request) -> out.text("{\"next\":\"/b\"}"));
        home.on("/b", "application/json", (out, request) -> out.text("{\"next\":\"" + elsewhere.url("/c") + "\"}"));
        elsewhere.on("/c", "application/json", (out, request) -> out.text("{\"next\":null}"));
        drop("away.txt", lines(home.url("/a")));

        JsonNode summary = awaitSummary("away");

        assertThat(summary.get("pages").asInt()).isEqualTo(3);
        assertThat(home.authorizations()).containsExactly("/a Bearer s3cret-token", "/b Bearer s3cret-token");
        assertThat(elsewhere.authorizations()).containsExactly("/c -");
    }
}
