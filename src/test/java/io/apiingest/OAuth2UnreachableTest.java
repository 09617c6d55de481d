package io.apiingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A token endpoint nobody listens on: the requests that need the token end as error records, and the run ends. */
class OAuth2UnreachableTest extends WireMockIngestTest {

    private static final String TOKEN_URL = "http://127.0.0.1:" + closedPort() + "/token";

    @Override
    protected void settings(Properties settings) {
        settings.put("ingest.auth.type", "oauth2");
        settings.put("ingest.auth.token-url", TOKEN_URL);
        settings.put("ingest.auth.client-id", "id");
        settings.put("ingest.auth.client-secret", "unreachable-S3cret");
        settings.put("ingest.retry.max", "1");
    }

    @Test
    void should_record_the_requests_that_need_a_token_as_errors_naming_the_unreachable_endpoint() throws Exception {
        drop("unreachable.txt", lines(url("/a"), url("/b")));

        awaitSummary("unreachable");

        for (int line = 1; line <= 2; line++) {
            JsonNode error = recordOfLine("unreachable", line);
            assertThat(error.get("status").isNull()).isTrue();
            assertThat(error.get("attempts").asInt()).as("a connection error is retried").isEqualTo(2);
            assertThat(error.get("error").asText()).isEqualTo("no OAuth2 token: the token endpoint " + TOKEN_URL
                    + " refused the connection");
        }
        assertThat(server.getAllServeEvents()).as("the API was never asked").isEmpty();
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
