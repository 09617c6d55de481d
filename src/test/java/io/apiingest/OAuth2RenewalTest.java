package io.apiingest;

import java.util.List;
import java.util.Properties;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** An OAuth2 token with a short life is renewed before it runs out, while requests keep coming. */
class OAuth2RenewalTest extends IngestTestSupport {

    @RegisterExtension
    static final OAuth2Server oauth = OAuth2Server.start();

    @Override
    protected void settings(Properties settings) {
        settings.put("ingest.auth.type", "oauth2");
        settings.put("ingest.auth.token-url", oauth.url("/token"));
        settings.put("ingest.auth.client-id", OAuth2Server.CLIENT_ID);
        settings.put("ingest.auth.client-secret", OAuth2Server.CLIENT_SECRET);
        settings.put("ingest.auth.scope", OAuth2Server.SCOPE);
        // two requests a second: ten of them outlast two tokens of 2 s
        settings.put("ingest.rate", "2");
        settings.put("ingest.concurrency", "4");
    }

    @Test
    void should_renew_a_token_before_its_expires_in_runs_out() throws Exception {
        oauth.reset();
        oauth.expiresInS = 2;
        drop("spread.txt", String.join("\n", IntStream.rangeClosed(1, 10)
                .mapToObj(n -> oauth.url("/api/" + n)).toList()));

        JsonNode summary = awaitSummary("spread");

        assertThat(summary.get("succeeded").asInt()).isEqualTo(10);
        List<OAuth2Server.ApiCall> calls = oauth.apiCalls();
        assertThat(calls).hasSize(10).noneMatch(OAuth2Server.ApiCall::expired);
        long spreadMs = (calls.get(calls.size() - 1).atNanos() - calls.get(0).atNanos()) / 1_000_000;
        assertThat(spreadMs).as("the requests outlast one token").isGreaterThan(4000);
        // renewed at 90 % of 2 s: a token per 1.8 s of the run, not one per request
        assertThat(oauth.tokenRequests()).isBetween(3, 4);
        assertThat(records("spread")).allSatisfy(record -> assertThat(record.get("attempts").asInt())
                .as("no request was refused an expired token").isEqualTo(1));
    }
}
