package io.apiingest.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IngestSettingsTest {

    @TempDir
    Path folder;

    @Test
    void should_use_safe_defaults_when_nothing_is_set() {
        IngestSettings settings = settings(Map.of());

        assertThat(settings.concurrency()).isEqualTo(50);
        assertThat(settings.rate()).isEqualTo(0.0);
        assertThat(settings.retryMax()).isEqualTo(3);
        assertThat(settings.retryDelayMs()).isEqualTo(500);
        assertThat(settings.retryMaxDelayMs()).isEqualTo(60_000);
        assertThat(settings.timeoutMs()).isEqualTo(30_000);
        assertThat(settings.batchSize()).isEqualTo(1000);
        assertThat(settings.once()).isFalse();
        assertThat(settings.demo()).isFalse();
        assertThat(settings.handoff()).isEqualTo("direct:fetch");
        assertThat(settings.inbox()).isEqualTo(Path.of("inbox"));
        assertThat(settings.outbox()).isEqualTo(Path.of("outbox"));
    }

    @Test
    void should_ignore_hidden_partial_and_editor_files_by_default() {
        IngestSettings settings = settings(Map.of());

        assertThat(settings.inboxIgnore().matcher(".hidden").matches()).isTrue();
        assertThat(settings.inboxIgnore().matcher("urls.txt~").matches()).isTrue();
        assertThat(settings.inboxIgnore().matcher("urls.txt.part").matches()).isTrue();
        assertThat(settings.inboxIgnore().matcher("urls.txt.crdownload").matches()).isTrue();
        assertThat(settings.inboxIgnore().matcher("urls.txt").matches()).isFalse();
    }

    @Test
    void should_read_values_that_are_set_and_trim_them() {
        IngestSettings settings = settings(Map.of(
                "ingest.concurrency", " 8 ",
                "ingest.rate", "12.5",
                "ingest.retry.max", "0",
                "ingest.timeout-ms", "1",
                "ingest.once", "TRUE",
                "ingest.inbox", "in",
                "ingest.outbox", "out"));

        assertThat(settings.concurrency()).isEqualTo(8);
        assertThat(settings.rate()).isEqualTo(12.5);
        assertThat(settings.retryMax()).isZero();
        assertThat(settings.timeoutMs()).isEqualTo(1);
        assertThat(settings.once()).isTrue();
        assertThat(settings.inbox()).isEqualTo(Path.of("in"));
        assertThat(settings.outbox()).isEqualTo(Path.of("out"));
    }

    @Test
    void should_accept_a_fractional_rate() {
        assertThat(settings(Map.of("ingest.rate", "0.5")).rate()).isEqualTo(0.5);
    }

    @Test
    void should_run_once_in_demo_mode() {
        IngestSettings settings = settings(Map.of("ingest.demo", "true"));

        assertThat(settings.demo()).isTrue();
        assertThat(settings.once()).isTrue();
    }

    @Test
    void should_run_once_in_demo_mode_even_when_once_is_false() {
        assertThat(settings(Map.of("ingest.demo", "true", "ingest.once", "false")).once()).isTrue();
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '=', value = {
            "ingest.concurrency=0",
            "ingest.concurrency=abc",
            "ingest.concurrency=10001",
            "ingest.concurrency=-5",
            "ingest.concurrency=2.5",
            "ingest.rate=-1",
            "ingest.rate=abc",
            "ingest.rate=NaN",
            "ingest.rate=1000001",
            "ingest.retry.max=-1",
            "ingest.retry.max=101",
            "ingest.retry.delay-ms=-1",
            "ingest.batch-size=0",
            "ingest.timeout-ms=0",
            "ingest.once=yes",
            "ingest.demo=1",
            "ingest.demo.port=65536",
            "ingest.inbox-ignore=[",
            "ingest.handoff='  '",
            "ingest.threads=green",
            "ingest.metrics.port=65536",
            "ingest.metrics.port=-1",
            "ingest.progress-interval-s=-1",
    })
    void should_refuse_a_bad_value_naming_its_key(String key, String value) {
        InvalidSettingException e = refusal(Map.of(key, value));

        assertThat(e.getMessage()).startsWith(key + " ");
    }

    @Test
    void should_say_what_range_a_whole_number_must_lie_in() {
        assertThat(refusal(Map.of("ingest.concurrency", "0")).getMessage())
                .isEqualTo("ingest.concurrency must be between 1 and 10000, got 0");
        assertThat(refusal(Map.of("ingest.concurrency", "abc")).getMessage())
                .contains("whole number").contains("'abc'");
    }

    @Test
    void should_refuse_a_max_delay_smaller_than_the_first_delay() {
        InvalidSettingException e = refusal(Map.of("ingest.retry.delay-ms", "1000", "ingest.retry.max-delay-ms", "999"));

        assertThat(e.getMessage()).startsWith("ingest.retry.max-delay-ms ").contains("1000").contains("999");
    }

    @Test
    void should_refuse_a_max_delay_smaller_than_the_default_first_delay() {
        assertThat(refusal(Map.of("ingest.retry.max-delay-ms", "100")).getMessage())
                .startsWith("ingest.retry.max-delay-ms ");
    }

    @Test
    void should_accept_a_max_delay_equal_to_the_first_delay() {
        IngestSettings settings = settings(Map.of("ingest.retry.delay-ms", "700", "ingest.retry.max-delay-ms", "700"));

        assertThat(settings.retryMaxDelayMs()).isEqualTo(700);
    }

    @Test
    void should_refuse_an_outbox_that_is_the_inbox() {
        InvalidSettingException e = refusal(Map.of("ingest.inbox", "data", "ingest.outbox", "data"));

        assertThat(e.getMessage()).startsWith("ingest.outbox ").contains("ingest.inbox");
    }

    @Test
    void should_refuse_an_outbox_that_is_the_inbox_spelled_differently() {
        String inbox = Path.of("data").toAbsolutePath().toString();

        assertThat(refusal(Map.of("ingest.inbox", inbox, "ingest.outbox", "./data/../data/")).getMessage())
                .startsWith("ingest.outbox ");
    }

    @Test
    void should_default_to_auto_threads_the_metrics_port_9464_on_loopback_and_progress_every_5_s() {
        IngestSettings settings = settings(Map.of());

        assertThat(settings.threads()).isEqualTo(IngestSettings.Threads.AUTO);
        assertThat(settings.threads().useVirtual()).isEqualTo(Runtime.version().feature() >= 21);
        assertThat(settings.metricsPort()).isEqualTo(9464);
        assertThat(settings.metricsHost()).isEqualTo("127.0.0.1");
        assertThat(settings.progressIntervalS()).isEqualTo(5);
    }

    @Test
    void should_name_the_choices_when_threads_is_not_one_of_them() {
        assertThat(refusal(Map.of("ingest.threads", "green")).getMessage())
                .isEqualTo("ingest.threads must be one of platform, virtual, auto, got 'green'");
    }

    @Test
    void should_refuse_virtual_threads_before_java_21_and_take_them_from_21_on() {
        Map<String, String> virtual = Map.of("ingest.threads", "Virtual");
        if (Runtime.version().feature() >= 21) {
            assertThat(settings(virtual).threads().useVirtual()).isTrue();
        } else {
            assertThat(refusal(virtual).getMessage()).startsWith("ingest.threads=virtual needs Java 21 or newer");
        }
        assertThat(settings(Map.of("ingest.threads", "platform")).threads().useVirtual()).isFalse();
    }

    @Test
    void should_know_exactly_the_keys_documented_in_application_properties() throws IOException {
        Properties documented = new Properties();
        try (Reader file = Files.newBufferedReader(Path.of("application.properties"))) {
            documented.load(file);
        }

        assertThat(IngestSettings.KEYS.keys()).containsExactlyInAnyOrderElementsOf(
                documented.stringPropertyNames().stream().filter(key -> key.startsWith("ingest.")).toList());
    }

    @Test
    void should_refuse_a_misspelt_key_in_the_properties_file_and_suggest_the_key_meant() throws IOException {
        Files.writeString(folder.resolve("application.properties"),
                "ingest.concurrency = 4\ningest.concurency = 8\n");
        PropertiesComponent properties = camelProperties();
        properties.setLocation("file:" + folder.resolve("application.properties"));

        assertThat(refusal(properties).getMessage())
                .isEqualTo("ingest.concurency: unknown setting; did you mean ingest.concurrency?");
    }

    @Test
    void should_refuse_a_misspelt_key_given_as_an_override_and_read_known_ones() {
        PropertiesComponent properties = camelProperties();
        properties.addOverrideProperty("ingest.concurrency", "7");
        assertThat(IngestSettings.from(properties).concurrency()).isEqualTo(7);

        properties.addOverrideProperty("ingest.timeot-ms", "5");
        assertThat(refusal(properties).getMessage())
                .isEqualTo("ingest.timeot-ms: unknown setting; did you mean ingest.timeout-ms?");
    }

    @Test
    void should_refuse_a_misspelt_key_given_as_a_system_property() {
        System.setProperty("ingest.retry.mx", "1");
        try {
            assertThat(refusal(camelProperties()).getMessage())
                    .isEqualTo("ingest.retry.mx: unknown setting; did you mean ingest.retry.max?");
        } finally {
            System.clearProperty("ingest.retry.mx");
        }
    }

    @Test
    void should_take_a_value_from_an_environment_variable_through_an_env_placeholder() {
        // the test cannot set a variable in its own process: PATH is set wherever the build runs
        PropertiesComponent properties = camelProperties();
        properties.addOverrideProperty("ingest.auth.type", "bearer");
        properties.addOverrideProperty("ingest.auth.token", "{{env:PATH}}");

        assertThat(IngestSettings.from(properties).auth().token()).isEqualTo(System.getenv("PATH").strip());
    }

    @Test
    void should_take_a_value_from_a_system_property_through_a_sys_placeholder() {
        System.setProperty("api.ingest.test.secret", "from-sys");
        try {
            PropertiesComponent properties = camelProperties();
            properties.addOverrideProperty("ingest.auth.type", "api-key");
            properties.addOverrideProperty("ingest.auth.api-key.value", "{{sys:api.ingest.test.secret}}");

            assertThat(IngestSettings.from(properties).auth().apiKeyValue()).isEqualTo("from-sys");
        } finally {
            System.clearProperty("api.ingest.test.secret");
        }
    }

    @Test
    void should_refuse_a_missing_environment_variable_naming_the_setting_and_the_variable() {
        PropertiesComponent properties = camelProperties();
        properties.addOverrideProperty("ingest.auth.type", "bearer");
        properties.addOverrideProperty("ingest.auth.token", "{{env:API_INGEST_NO_SUCH_VARIABLE}}");

        assertThat(refusal(properties).getMessage()).isEqualTo("ingest.auth.token: the environment variable "
                + "API_INGEST_NO_SUCH_VARIABLE is not set ({{env:API_INGEST_NO_SUCH_VARIABLE}})");
    }

    @Test
    void should_refuse_a_missing_variable_rather_than_fall_back_to_the_default_in_silence() {
        PropertiesComponent properties = camelProperties();
        properties.addOverrideProperty("ingest.concurrency", "{{env:API_INGEST_NO_SUCH_VARIABLE}}");

        assertThat(refusal(properties).getMessage()).startsWith("ingest.concurrency: the environment variable "
                + "API_INGEST_NO_SUCH_VARIABLE is not set");
    }

    @Test
    void should_take_the_fallback_of_a_placeholder_when_its_variable_is_missing() {
        PropertiesComponent properties = camelProperties();
        properties.addOverrideProperty("ingest.concurrency", "{{env:API_INGEST_NO_SUCH_VARIABLE:12}}");

        assertThat(IngestSettings.from(properties).concurrency()).isEqualTo(12);
    }

    @Test
    void should_refuse_a_missing_system_property_or_key_in_a_default_header() {
        PropertiesComponent properties = camelProperties();
        properties.addOverrideProperty("ingest.request.headers.X-Tenant", "{{sys:api.ingest.no.such.property}}");
        assertThat(refusal(properties).getMessage()).isEqualTo("ingest.request.headers.X-Tenant: the system "
                + "property api.ingest.no.such.property is not set ({{sys:api.ingest.no.such.property}})");

        PropertiesComponent other = camelProperties();
        other.addOverrideProperty("ingest.request.headers.X-Tenant", "{{tenant.name}}");
        assertThat(refusal(other).getMessage()).isEqualTo(
                "ingest.request.headers.X-Tenant: the property tenant.name is not set ({{tenant.name}})");
    }

    @Test
    void should_refuse_a_default_header_that_the_credentials_would_also_set() {
        assertThat(refusal(Map.of("ingest.auth.type", "bearer", "ingest.auth.token", "t"),
                Map.of("ingest.request.headers.authorization", "Bearer other")).getMessage())
                .isEqualTo("ingest.request.headers.authorization and ingest.auth.type=bearer both set the "
                        + "Authorization header; keep one");
        assertThat(refusal(Map.of("ingest.auth.type", "api-key", "ingest.auth.api-key.value", "k"),
                Map.of("ingest.request.headers.X-API-Key", "other")).getMessage())
                .isEqualTo("ingest.request.headers.X-API-Key and ingest.auth.type=api-key both set the X-API-Key "
                        + "header; keep one");
        assertThat(IngestSettings.from(key -> Optional.ofNullable(Map.of("ingest.auth.type", "api-key",
                "ingest.auth.api-key.in", "query", "ingest.auth.api-key.value", "k").get(key)),
                Map.of("ingest.request.headers.X-API-Key", "other")).request().headers()).containsKey("X-API-Key");
    }

    private static InvalidSettingException refusal(Map<String, String> values, Map<String, String> headers) {
        InvalidSettingException e = catchThrowableOfType(InvalidSettingException.class,
                () -> IngestSettings.from(key -> Optional.ofNullable(values.get(key)), headers));
        assertThat(e).as("settings %s with headers %s are refused", values, headers).isNotNull();
        return e;
    }

    private static PropertiesComponent camelProperties() {
        return new DefaultCamelContext().getPropertiesComponent();
    }

    private static InvalidSettingException refusal(PropertiesComponent properties) {
        InvalidSettingException e = catchThrowableOfType(InvalidSettingException.class,
                () -> IngestSettings.from(properties));
        assertThat(e).as("the properties are refused").isNotNull();
        return e;
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
