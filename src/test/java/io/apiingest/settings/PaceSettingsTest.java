package io.apiingest.settings;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ingest.origin.*, ingest.adaptive: read, defaulted, and a bad entry refused naming it. */
class PaceSettingsTest {

    private static IngestSettings settings(Map<String, String> given) {
        return IngestSettings.from(key -> Optional.ofNullable(given.get(key)));
    }

    @Test
    void should_be_adaptive_with_no_origin_limits_by_default() {
        PaceSettings pace = settings(Map.of()).pace();

        assertThat(pace.adaptive()).isTrue();
        assertThat(pace.limitsOf("https://api.example.com")).isEqualTo(new PaceSettings.Limits(0, 0));
    }

    @Test
    void should_give_named_origins_their_own_limits_over_the_per_origin_ones() {
        PaceSettings pace = settings(Map.of("ingest.origin.concurrency", "8", "ingest.origin.rate", "50",
                "ingest.origin.limits", "https://API.example.com:443 rate=2.5, http://127.0.0.1:8080 concurrency=3",
                "ingest.adaptive", "false")).pace();

        assertThat(pace.adaptive()).isFalse();
        assertThat(pace.limitsOf("https://api.example.com")).isEqualTo(new PaceSettings.Limits(8, 2.5));
        assertThat(pace.limitsOf("http://127.0.0.1:8080")).isEqualTo(new PaceSettings.Limits(3, 50));
        assertThat(pace.limitsOf("http://other.example")).isEqualTo(new PaceSettings.Limits(8, 50));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "ftp://files.example.com rate=1|'ftp://files.example.com' is not an origin",
        "https://api.example.com/v1 rate=1|'https://api.example.com/v1' is not an origin",
        "https://api.example.com|gives no limit",
        "https://api.example.com speed=3|'speed=3' for https://api.example.com is not a limit",
        "https://api.example.com rate=fast|'rate=fast' for https://api.example.com is not a number",
        "https://api.example.com concurrency=-1|is out of range",
        "https://a.example rate=1, https://A.example rate=2|https://a.example is given twice",
    })
    void should_stop_start_up_naming_a_bad_entry_of_the_origin_limits(String limits, String message) {
        assertThatThrownBy(() -> settings(Map.of("ingest.origin.limits", limits)))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("ingest.origin.limits: ")
                .hasMessageContaining(message);
    }
}
