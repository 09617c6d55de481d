package io.apiingest.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

class RequestUrlCredentialsTest {

    @Test
    void should_take_user_and_password_out_of_the_uri_and_keep_the_rest_as_written() throws RequestUrl.NotAUrl {
        URI uri = RequestUrl.parse("https://alice:s3cr3t@example.org:8443/a%20b?q=%7C&r=1#frag");

        assertThat(RequestUrl.toSend(uri)).as("the fragment is never sent either")
                .isEqualTo(URI.create("https://example.org:8443/a%20b?q=%7C&r=1"));
        assertThat(RequestUrl.basicAuthorization(uri)).isEqualTo(basic("alice:s3cr3t"));
    }

    @Test
    void should_not_send_the_fragment_of_a_uri_without_credentials() throws RequestUrl.NotAUrl {
        URI uri = RequestUrl.parse("http://example.org/docs/page?x=1#section-2");

        assertThat(RequestUrl.toSend(uri).toString()).isEqualTo("http://example.org/docs/page?x=1");
        assertThat(RequestUrl.toSend(RequestUrl.parse("http://example.org/a#")).toString())
                .isEqualTo("http://example.org/a");
    }

    @Test
    void should_leave_a_uri_without_credentials_alone() throws RequestUrl.NotAUrl {
        URI uri = RequestUrl.parse("http://example.org/x");

        assertThat(RequestUrl.toSend(uri)).isSameAs(uri);
        assertThat(RequestUrl.basicAuthorization(uri)).isNull();
    }

    @Test
    void should_decode_percent_encoded_credentials_and_allow_a_colon_in_the_password() throws RequestUrl.NotAUrl {
        URI uri = RequestUrl.parse("http://us%40er:p%40ss:word@[::1]:8080");

        assertThat(RequestUrl.toSend(uri).toString()).isEqualTo("http://[::1]:8080");
        assertThat(RequestUrl.basicAuthorization(uri)).isEqualTo(basic("us@er:p@ss:word"));
    }

    @Test
    void should_send_a_user_without_password_as_a_user_with_an_empty_one() throws RequestUrl.NotAUrl {
        URI uri = RequestUrl.parse("https://token@example.org/");

        assertThat(RequestUrl.toSend(uri).toString()).isEqualTo("https://example.org/");
        assertThat(RequestUrl.basicAuthorization(uri)).isEqualTo(basic("token:"));
    }

    @Test
    void should_encode_non_ascii_credentials_as_utf8() throws RequestUrl.NotAUrl {
        URI uri = RequestUrl.parse("https://jörg:pässword@example.org/");

        assertThat(RequestUrl.toSend(uri).toString()).isEqualTo("https://example.org/");
        assertThat(RequestUrl.basicAuthorization(uri)).isEqualTo(basic("jörg:pässword"));
    }

    private static String basic(String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }
}
