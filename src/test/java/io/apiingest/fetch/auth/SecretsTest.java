package io.apiingest.fetch.auth;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.apiingest.flow.FetchRequest;
import io.apiingest.settings.AuthSettings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SecretsTest {

    private static final AuthSettings AUTH = new AuthSettings(AuthSettings.Type.API_KEY, "the-token", "user",
            "pass word", "api_key", AuthSettings.ApiKeyIn.QUERY, "k/y&+", "http://id.example/token", "client",
            "client:secret", null, List.of());

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void should_take_out_every_configured_secret_as_written_and_as_a_query_or_header_writes_it() {
        Secrets secrets = new Secrets(AUTH, List::of);

        assertThat(secrets.scrub("token the-token, password pass word or pass+word or pass%20word")).isEqualTo(
                "token ***, password *** or *** or ***");
        assertThat(secrets.scrub("GET /x?api_key=k%2Fy%26%2B failed; key k/y&+")).isEqualTo(
                "GET /x?api_key=*** failed; key ***");
        assertThat(secrets.scrub("Basic " + base64("user:pass word"))).isEqualTo("Basic ***");
        assertThat(secrets.scrub("client secret client:secret, sent as Basic " + base64("client:client%3Asecret")))
                .isEqualTo("client secret ***, sent as Basic ***");
        assertThat(secrets.scrub("nothing secret here")).isEqualTo("nothing secret here");
    }

    @Test
    void should_take_out_the_oauth2_tokens_issued_lately() {
        Secrets secrets = new Secrets(AUTH, () -> List.of("tok-new", "tok-old"));

        assertThat(secrets.scrub("Bearer tok-new, before it Bearer tok-old")).isEqualTo("Bearer ***, before it "
                + "Bearer ***");
    }

    @Test
    void should_take_out_the_password_of_a_request_of_its_own_url() {
        Secrets secrets = new Secrets(new AuthSettings(AuthSettings.Type.NONE, null, null, null, "X-API-Key",
                AuthSettings.ApiKeyIn.HEADER, null, null, null, null, null, List.of()), List::of);
        FetchRequest request = new FetchRequest("job", 1, "GET", URI.create("http://h/"), "http://alice:***@h/",
                Map.of("Authorization", "Basic " + base64("alice:line-pa55")), null, null, null, null);

        assertThat(secrets.scrub("alice:line-pa55 / " + base64("alice:line-pa55"), request))
                .isEqualTo("alice:*** / ***");
    }
}
