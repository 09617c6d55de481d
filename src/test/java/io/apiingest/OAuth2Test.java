package io.apiingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ingest.auth.type=oauth2 against a real token endpoint and the API it guards ({@link OAuth2Server}): one token
 * shared by every request, renewed when the API refuses it, and a failing token endpoint turned into error
 * records that say what it answered.
 */
class OAuth2Test extends IngestTestSupport {

    private static final int TIMEOUT_MS = 1500;

    @RegisterExtension
    static final OAuth2Server oauth = OAuth2Server.start();

    @Override
    protected void settings(Properties settings) {
        settings.put("ingest.auth.type", "oauth2");
        settings.put("ingest.auth.token-url", oauth.url("/token"));
        settings.put("ingest.auth.client-id", OAuth2Server.CLIENT_ID);
        settings.put("ingest.auth.client-secret", OAuth2Server.CLIENT_SECRET);
        settings.put("ingest.auth.scope", OAuth2Server.SCOPE);
        settings.put("ingest.concurrency", "50");
        settings.put("ingest.retry.max", "1");
        settings.put("ingest.timeout-ms", Integer.toString(TIMEOUT_MS));
    }

    @BeforeEach
    void fresh_server() {
        oauth.reset();
    }

    @Test
    void should_fetch_one_token_for_fifty_requests_that_need_it_at_once() throws Exception {
        // slow enough that every request is waiting for the token while it is being fetched
        oauth.tokenDelayMs = 500;
        drop("fifty.txt", String.join("\n", apiUrls(50)));

        JsonNode summary = awaitSummary("fifty");

        assertThat(summary.get("succeeded").asInt()).isEqualTo(50);
        assertThat(oauth.tokenRequests()).as("token requests").isEqualTo(1);
        assertThat(oauth.tokenRequestProblems()).as("grant, scope and client authentication (HTTP Basic)")
                .isEmpty();
        assertThat(oauth.apiCalls()).hasSize(50)
                .allSatisfy(call -> assertThat(call.authorization()).isEqualTo("Bearer tok-1"));
    }

    @Test
    void should_renew_the_token_once_when_the_api_refuses_it_and_send_each_refused_request_again() throws Exception {
        oauth.rejected.add("tok-1");
        drop("refused.txt", String.join("\n", apiUrls(20)));

        JsonNode summary = awaitSummary("refused");

        assertThat(summary.get("succeeded").asInt()).isEqualTo(20);
        assertThat(oauth.tokenRequests()).as("one renewal for every request refused with tok-1").isEqualTo(2);
        List<String> refusedPaths = oauth.pathsByAuthorization().get("Bearer tok-1");
        assertThat(refusedPaths).isNotEmpty();
        assertThat(oauth.pathsByAuthorization().get("Bearer tok-2")).containsAll(refusedPaths);
        for (JsonNode record : records("refused")) {
            String path = record.get("body").get("path").asText();
            assertThat(record.get("attempts").asInt()).as(path)
                    .isEqualTo(refusedPaths.contains(path) ? 2 : 1);
        }
    }

    @Test
    void should_record_a_second_401_with_a_fresh_token_as_the_answer() throws Exception {
        for (int n = 1; n <= 10; n++) {
            oauth.rejected.add("tok-" + n);
        }
        drop("unwelcome.txt", String.join("\n", apiUrls(3)));

        awaitSummary("unwelcome");

        for (int line = 1; line <= 3; line++) {
            JsonNode error = recordOfLine("unwelcome", line);
            assertThat(error.get("status").asInt()).isEqualTo(401);
            assertThat(error.get("attempts").asInt()).as("the first token, then a fresh one").isEqualTo(2);
            assertThat(error.get("error").asText()).isEqualTo("HTTP 401 Unauthorized");
        }
        assertThat(oauth.apiCalls()).hasSize(6);
        assertThat(oauth.tokenRequests()).isBetween(2, 3);
    }

    @Test
    void should_send_the_client_credentials_in_the_form_when_the_endpoint_refuses_http_basic() throws Exception {
        oauth.acceptsBasic = false;
        // the API refuses the first token it sees: its renewal shows which client authentication is used then
        oauth.rejected.add("tok-2");
        drop("form.txt", lines(oauth.url("/api/1")));

        awaitSummary("form");

        assertThat(recordOfLine("form", 1).get("status").asInt()).isEqualTo(200);
        assertThat(oauth.tokenRequestProblems()).as("HTTP Basic is tried once, and not again")
                .containsExactly("client authentication in the Authorization header is not accepted");
        assertThat(oauth.tokenRequests()).as("Basic refused, the form, then the renewal in the form").isEqualTo(3);
    }

    @Test
    void should_turn_a_refusing_token_endpoint_into_error_records_naming_its_answer_and_never_the_secret()
            throws Exception {
        oauth.failureStatus = 401;
        oauth.failureBody = "{\"error\":\"invalid_client\",\"error_description\":\"secret "
                + OAuth2Server.CLIENT_SECRET + " is wrong\"}";

        String logged = capturingLogs(() -> {
            drop("refusing.txt", String.join("\n", apiUrls(5)));
            awaitSummary("refusing");
        });

        for (int line = 1; line <= 5; line++) {
            JsonNode error = recordOfLine("refusing", line);
            assertThat(error.get("status").isNull()).as("the API was not asked").isTrue();
            assertThat(error.get("attempts").asInt()).as("a refusal is not retried").isEqualTo(1);
            assertThat(error.get("error").asText()).isEqualTo("no OAuth2 token: the token endpoint "
                    + oauth.url("/token") + " answered HTTP 401 Unauthorized, error invalid_client: secret *** is "
                    + "wrong (the client id and secret were tried in an Authorization header and in the form)");
        }
        assertThat(oauth.apiCalls()).isEmpty();
        assertThat(logged).contains("no OAuth2 token: the token endpoint").doesNotContain(OAuth2Server.CLIENT_SECRET);
    }

    @Test
    void should_retry_a_token_endpoint_that_fails_with_503_and_then_record_its_answer() throws Exception {
        oauth.failureStatus = 503;
        drop("unavailable.txt", String.join("\n", apiUrls(3)));

        awaitSummary("unavailable");

        for (int line = 1; line <= 3; line++) {
            JsonNode error = recordOfLine("unavailable", line);
            assertThat(error.get("status").isNull()).isTrue();
            assertThat(error.get("attempts").asInt()).as("retried once (ingest.retry.max=1)").isEqualTo(2);
            assertThat(error.get("error").asText()).isEqualTo("no OAuth2 token: the token endpoint "
                    + oauth.url("/token") + " answered HTTP 503 Service Unavailable");
        }
        assertThat(oauth.tokenRequests()).as("asked again on the retry").isBetween(2, 6);
    }

    @Test
    void should_give_up_on_a_token_endpoint_that_does_not_answer_within_the_timeout() throws Exception {
        oauth.tokenDelayMs = 20_000;
        long started = System.nanoTime();
        drop("hanging.txt", String.join("\n", apiUrls(3)));

        awaitSummary("hanging");

        long tookMs = (System.nanoTime() - started) / 1_000_000;
        for (int line = 1; line <= 3; line++) {
            JsonNode error = recordOfLine("hanging", line);
            assertThat(error.get("attempts").asInt()).isEqualTo(2);
            assertThat(error.get("error").asText()).isEqualTo("no OAuth2 token: the token endpoint "
                    + oauth.url("/token") + " did not answer within " + TIMEOUT_MS + " ms");
        }
        assertThat(tookMs).as("two attempts of at most the timeout each, and the file's overhead")
                .isLessThan(4L * TIMEOUT_MS + 3000);
    }

    private static List<String> apiUrls(int count) {
        List<String> urls = new ArrayList<>();
        for (int n = 1; n <= count; n++) {
            urls.add(oauth.url("/api/" + n));
        }
        return urls;
    }
}
