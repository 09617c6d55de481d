package io.apiingest.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KnownKeysTest {

    private static final KnownKeys KEYS = IngestSettings.KEYS;

    @Test
    void should_name_an_unknown_key_and_suggest_the_key_one_typo_away() {
        assertThatThrownBy(() -> KEYS.requireKnown(List.of("ingest.concurrency", "ingest.timeot-ms")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("ingest.timeot-ms: unknown setting; did you mean ingest.timeout-ms?");
    }

    @ParameterizedTest
    @CsvSource({
            "ingest.timeot-ms, ingest.timeout-ms",
            "ingest.concurency, ingest.concurrency",
            "ingest.retry-max, ingest.retry.max",
            "ingest.retry.maxdelay-ms, ingest.retry.max-delay-ms",
            "ingest.timeoutMs, ingest.timeout-ms",
            "ingest.metrics_port, ingest.metrics.port",
            "ingest.bacth-size, ingest.batch-size",
    })
    void should_suggest_the_key_meant_despite_typos_case_and_separators(String typo, String meant) {
        assertThat(KEYS.closestTo(typo)).contains(meant);
    }

    @Test
    void should_name_an_unknown_key_without_a_guess_when_no_key_is_close() {
        assertThat(KEYS.closestTo("ingest.colour")).isEmpty();
        assertThatThrownBy(() -> KEYS.requireKnown(List.of("ingest.colour")))
                .hasMessage("ingest.colour: unknown setting; the settings are listed in application.properties"
                        + " and README.md");
    }

    @Test
    void should_not_guess_between_two_keys_that_are_equally_close() {
        KnownKeys keys = new KnownKeys(Set.of("ingest.port-a", "ingest.port-b"));

        assertThat(keys.closestTo("ingest.port-c")).isEmpty();
        assertThat(keys.closestTo("ingest.prt-a")).contains("ingest.port-a");
    }

    @Test
    void should_accept_known_keys_and_names_outside_ingest() {
        assertThatCode(() -> KEYS.requireKnown(List.of("ingest.timeout-ms", "ingest.demo.port", "camel.main.name",
                "java.version", "ingestion.anything"))).doesNotThrowAnyException();
    }
}
