package io.apiingest.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestUrlTest {

    @Test
    void should_refuse_text_that_is_not_an_absolute_url() {
        RequestUrl.NotAUrl failure = refusal("not a url");

        assertThat(failure.getMessage()).contains("not an absolute URL");
    }

    @Test
    void should_refuse_a_scheme_other_than_http_or_https() {
        RequestUrl.NotAUrl failure = refusal("ftp://x/y");

        assertThat(failure.getMessage()).contains("unsupported scheme").contains("ftp");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://", "https://", "http:///path", "https:/path", "http:relative", "//host/path",
            "mailto:someone@example.org", "file:///etc/passwd", "http://exa mple.org/", ""})
    void should_refuse_what_cannot_be_fetched_over_http(String text) {
        RequestUrl.NotAUrl failure = refusal(text);

        assertThat(failure.getMessage()).isNotBlank();
    }

    @Test
    void should_accept_an_https_url_with_a_query() throws RequestUrl.NotAUrl {
        URI uri = RequestUrl.parse("https://example.org/a?b=1");

        assertThat(uri.getScheme()).isEqualTo("https");
        assertThat(uri.getHost()).isEqualTo("example.org");
        assertThat(uri.getRawPath()).isEqualTo("/a");
        assertThat(uri.getRawQuery()).isEqualTo("b=1");
    }

    @Test
    void should_accept_an_upper_case_scheme_and_host() throws RequestUrl.NotAUrl {
        URI uri = RequestUrl.parse("HTTP://Example.org/x");

        assertThat(uri.getHost()).isEqualToIgnoringCase("example.org");
        assertThat(uri.getRawPath()).isEqualTo("/x");
    }

    @Test
    void should_accept_a_port_and_an_ip_address() throws RequestUrl.NotAUrl {
        assertThat(RequestUrl.parse("http://127.0.0.1:8080/x").getPort()).isEqualTo(8080);
        assertThat(RequestUrl.parse("http://[::1]:8080/x").getHost()).isEqualTo("[::1]");
    }

    @Test
    void should_percent_encode_a_space() throws RequestUrl.NotAUrl {
        assertThat(RequestUrl.parse("http://h/a b").getRawPath()).isEqualTo("/a%20b");
    }

    @Test
    void should_percent_encode_a_pipe_and_braces() throws RequestUrl.NotAUrl {
        URI uri = RequestUrl.parse("http://h/a|b?q={x}");

        assertThat(uri.getRawPath()).isEqualTo("/a%7Cb");
        assertThat(uri.getRawQuery()).isEqualTo("q=%7Bx%7D");
    }

    @Test
    void should_percent_encode_non_ascii_as_utf8() throws RequestUrl.NotAUrl {
        URI uri = RequestUrl.parse("http://h/café/😀?q=€");

        assertThat(uri.getRawPath()).isEqualTo("/caf%C3%A9/%F0%9F%98%80");
        assertThat(uri.getRawQuery()).isEqualTo("q=%E2%82%AC");
    }

    @Test
    void should_leave_an_already_encoded_url_alone() throws RequestUrl.NotAUrl {
        URI uri = RequestUrl.parse("https://example.org/a%20b?q=%7C&r=1#frag");

        assertThat(uri.toString()).isEqualTo("https://example.org/a%20b?q=%7C&r=1#frag");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://example.org:70000/x", "http://my_api:70000/x", "http://[::1]:70000/x"})
    void should_refuse_a_port_over_65535(String text) {
        assertThat(refusal(text).getMessage()).isEqualTo("not a valid URL: port 70000 is out of range (1-65535)");
    }

    @Test
    void should_refuse_port_0_and_a_port_too_long_for_an_int_with_the_port_as_written() {
        assertThat(refusal("http://example.org:0/x").getMessage())
                .isEqualTo("not a valid URL: port 0 is out of range (1-65535)");
        assertThat(refusal("http://example.org:99999999999/x").getMessage())
                .isEqualTo("not a valid URL: port 99999999999 is out of range (1-65535)");
    }

    @Test
    void should_refuse_a_port_that_is_not_a_number() {
        assertThat(refusal("http://example.org:80a/x").getMessage())
                .isEqualTo("not a valid URL: port '80a' is not a number");
        assertThat(refusal("http://my_api:http/x").getMessage())
                .isEqualTo("not a valid URL: port 'http' is not a number");
    }

    @Test
    void should_accept_the_lowest_and_highest_port_and_an_empty_one() throws RequestUrl.NotAUrl {
        assertThat(RequestUrl.parse("http://example.org:1/x").getPort()).isEqualTo(1);
        assertThat(RequestUrl.parse("http://example.org:65535/x").getPort()).isEqualTo(65535);
        assertThat(RequestUrl.parse("http://example.org:/x").getPort()).isEqualTo(-1);
    }

    @Test
    void should_accept_a_host_with_an_underscore_and_send_it_as_written() throws RequestUrl.NotAUrl {
        URI uri = RequestUrl.parse("http://my_api:8080/x?q=1#top");

        assertThat(RequestUrl.toSend(uri).toString()).isEqualTo("http://my_api:8080/x?q=1");
        assertThat(RequestUrl.toSend(uri).getRawAuthority()).isEqualTo("my_api:8080");
        assertThat(RequestUrl.basicAuthorization(uri)).isNull();
    }

    @Test
    void should_take_the_credentials_out_of_a_url_whose_host_has_an_underscore() throws RequestUrl.NotAUrl {
        URI uri = RequestUrl.parse("http://alice:s3cr3t@my_api:8080/x");

        assertThat(RequestUrl.toSend(uri).toString()).isEqualTo("http://my_api:8080/x");
        assertThat(RequestUrl.basicAuthorization(uri)).isEqualTo("Basic " + java.util.Base64.getEncoder()
                .encodeToString("alice:s3cr3t".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(RequestUrl.masked("http://alice:s3cr3t@my_api:8080/x")).isEqualTo("http://alice:***@my_api:8080/x");
    }

    @Test
    void should_refuse_a_registry_authority_that_is_no_host_name() {
        assertThat(refusal("http://my_api!:8080/x").getMessage()).isEqualTo("not a valid URL: no host name");
    }

    @Test
    void should_mask_a_user_name_given_without_a_password_as_it_is_often_a_token() {
        assertThat(RequestUrl.masked("https://ghp_TOKEN@api.example.org/repos")).isEqualTo("https://***@api.example.org/repos");
        assertThat(RequestUrl.masked("https://api.example.org/a@b")).as("an @ in the path is no user info")
                .isEqualTo("https://api.example.org/a@b");
    }

    @Test
    void should_refuse_a_control_character_instead_of_sending_it_percent_encoded() {
        assertThat(refusal("http://example.org/x?nul=\u0000").getMessage())
                .isEqualTo("not a valid URL: it holds a control character (U+0000) at position 26");
        assertThat(refusal("http://example.org/\tx").getMessage()).contains("U+0009");
    }

    private static RequestUrl.NotAUrl refusal(String text) {
        RequestUrl.NotAUrl failure = catchThrowableOfType(RequestUrl.NotAUrl.class, () -> RequestUrl.parse(text));

        assertThat(failure).as("refusal of '%s'", text).isNotNull();
        return failure;
    }
}
