package io.apiingest.intake;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;

import io.apiingest.flow.StopSignal;
import io.apiingest.settings.IngestSettings;
import io.apiingest.settings.InvalidSettingException;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

class IntakeConfigurationTest {

    @Test
    void should_stop_start_up_when_the_url_template_cannot_make_a_url() {
        IngestSettings settings = IngestSettings.from(key -> Optional.ofNullable(Map.of(
                "ingest.request.url-template", "api.example.com/users/{value}").get(key)));

        assertThatThrownBy(() -> IntakeConfiguration.configure(new DefaultCamelContext(), settings, null,
                new StopSignal(), null))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("ingest.request.url-template must make an absolute http(s) URL, got "
                        + "'api.example.com/users/{value}': not an absolute URL: expected http:// or https://");
    }

    @Test
    void should_stop_start_up_when_a_brace_of_the_url_template_is_not_closed() {
        IngestSettings settings = IngestSettings.from(key -> Optional.ofNullable(Map.of(
                "ingest.request.url-template", "https://api.example.com/users/{value").get(key)));

        assertThatThrownBy(() -> IntakeConfiguration.configure(new DefaultCamelContext(), settings, null,
                new StopSignal(), null))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("ingest.request.url-template: '{' at 30 is not closed");
    }
}
