package io.apiingest.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestAndAuthSettingsTest {

    @Test
    void should_default_to_get_no_headers_no_template_and_no_auth() {
        IngestSettings settings = settings(Map.of());

        assertThat(settings.request().method()).isEqualTo("GET");
        assertThat(settings.request().headers()).isEmpty();
        assertThat(settings.request().urlTemplate()).isNull();
        assertThat(settings.retryNonIdempotent()).isFalse();
        assertThat(settings.auth().type()).isEqualTo(AuthSettings.Type.NONE);
        assertThat(settings.auth().apiKeyName()).isEqualTo("X-API-Key");
        assertThat(settings.auth().apiKeyIn()).isEqualTo(AuthSettings.ApiKeyIn.HEADER);
        assertThat(settings.auth().origins()).isEmpty();
    }

    @Test
    void should_read_the_method_in_any_case_and_refuse_one_it_does_not_know() {
        assertThat(settings(Map.of("ingest.request.method", "post")).request().method()).isEqualTo("POST");

        assertThat(refusal(Map.of("ingest.request.method", "FETCH")).getMessage()).isEqualTo(
                "ingest.request.method must be one of GET, HEAD, POST, PUT, PATCH, DELETE, got 'FETCH'");
    }

    @Test
    void should_accept_default_headers_as_keys_of_their_own_and_find_them_in_any_case() {
        PropertiesComponent properties = new DefaultCamelContext().getPropertiesComponent();
        properties.addOverrideProperty("ingest.request.headers.Accept", "application/json");
        properties.addOverrideProperty("ingest.request.headers.X-Tenant", " acme ");

        RequestSettings request = IngestSettings.from(properties).request();

        assertThat(request.headers()).containsEntry("Accept", "application/json").containsEntry("X-Tenant", "acme");
        assertThat(request.headers().get("x-tenant")).isEqualTo("acme");
        assertThat(request.toString()).as("header values may be secrets").doesNotContain("acme");
    }

    @Test
    void should_refuse_a_default_header_whose_name_is_not_a_token() {
        PropertiesComponent properties = new DefaultCamelContext().getPropertiesComponent();
        properties.addOverrideProperty("ingest.request.headers.Bad(Name)", "x");

        InvalidSettingException e = catchThrowableOfType(InvalidSettingException.class,
                () -> IngestSettings.from(properties));

        assertThat(e).hasMessage("ingest.request.headers.Bad(Name): 'Bad(Name)' is not a valid HTTP header name");
    }

    @Test
    void should_read_the_auth_type_with_its_dashed_name() {
        IngestSettings settings = settings(Map.of("ingest.auth.type", "api-key", "ingest.auth.api-key.value", "k",
                "ingest.auth.api-key.in", "QUERY", "ingest.auth.api-key.name", "api_key"));

        assertThat(settings.auth().type()).isEqualTo(AuthSettings.Type.API_KEY);
        assertThat(settings.auth().apiKeyIn()).isEqualTo(AuthSettings.ApiKeyIn.QUERY);
        assertThat(refusal(Map.of("ingest.auth.type", "digest")).getMessage()).isEqualTo(
                "ingest.auth.type must be one of none, bearer, basic, api-key, oauth2, got 'digest'");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "bearer  | ingest.auth.token must be set for ingest.auth.type=bearer",
        "basic   | ingest.auth.username must be set for ingest.auth.type=basic",
        "api-key | ingest.auth.api-key.value must be set for ingest.auth.type=api-key",
        "oauth2  | ingest.auth.token-url must be set for ingest.auth.type=oauth2"})
    void should_refuse_an_auth_type_without_its_credentials(String type, String message) {
        assertThat(refusal(Map.of("ingest.auth.type", type)).getMessage()).isEqualTo(message);
    }

    @Test
    void should_refuse_an_oauth2_token_url_that_is_not_http() {
        assertThat(refusal(Map.of("ingest.auth.type", "oauth2", "ingest.auth.token-url", "ftp://idp/token",
                "ingest.auth.client-id", "c", "ingest.auth.client-secret", "s")).getMessage())
                .isEqualTo("ingest.auth.token-url must be an http:// or https:// URL, got 'ftp://idp/token'");
    }

    @Test
    void should_refuse_a_token_url_with_credentials_in_it_without_showing_them() {
        InvalidSettingException e = refusal(Map.of("ingest.auth.type", "oauth2",
                "ingest.auth.token-url", "https://me:pa55w0rd@idp.example.com/token", "ingest.auth.client-id", "c",
                "ingest.auth.client-secret", "s"));

        assertThat(e.getMessage()).startsWith("ingest.auth.token-url must not hold user:password@")
                .doesNotContain("pa55w0rd");
    }

    @Test
    void should_normalise_origins_and_refuse_what_is_not_one() {
        IngestSettings settings = settings(Map.of("ingest.auth.origins",
                "https://API.example.com:443, http://127.0.0.1:8080/ ,"));

        assertThat(settings.auth().origins()).containsExactly("https://api.example.com", "http://127.0.0.1:8080");
        assertThat(refusal(Map.of("ingest.auth.origins", "https://api.example.com/v1")).getMessage())
                .isEqualTo("ingest.auth.origins: 'https://api.example.com/v1' is not an origin; expected "
                        + "scheme://host[:port], e.g. https://api.example.com");
    }

    @Test
    void should_never_show_a_secret_when_the_settings_are_printed() {
        IngestSettings settings = settings(Map.of("ingest.auth.type", "oauth2",
                "ingest.auth.token-url", "https://idp/token", "ingest.auth.client-id", "client",
                "ingest.auth.client-secret", "SECRET-1", "ingest.auth.token", "SECRET-2",
                "ingest.auth.password", "SECRET-3", "ingest.auth.api-key.value", "SECRET-4"));

        assertThat(settings.toString()).doesNotContain("SECRET");
        assertThat(settings.auth().secrets()).containsExactlyInAnyOrder("SECRET-1", "SECRET-2", "SECRET-3",
                "SECRET-4");
    }

    @Test
    void should_resolve_a_value_from_the_environment() {
        PropertiesComponent properties = new DefaultCamelContext().getPropertiesComponent();
        properties.addOverrideProperty("ingest.auth.type", "bearer");
        properties.addOverrideProperty("ingest.auth.token", "{{env:PATH}}");

        assertThat(IngestSettings.from(properties).auth().token()).isEqualTo(System.getenv("PATH"));
    }

    private static IngestSettings settings(Map<String, String> values) {
        Map<String, String> properties = new HashMap<>(values);
        return IngestSettings.from(key -> Optional.ofNullable(properties.get(key)));
    }

    private static InvalidSettingException refusal(Map<String, String> values) {
        InvalidSettingException e = catchThrowableOfType(InvalidSettingException.class, () -> settings(values));
        assertThat(e).as("settings %s are refused", values).isNotNull();
        return e;
    }
}
