package io.apiingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import io.apiingest.settings.InvalidSettingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CommandLineTest {

    @Test
    void should_take_settings_given_as_key_equals_value_and_a_bare_key_as_true() {
        CommandLine commandLine = CommandLine.parse("--ingest.concurrency=4", "--ingest.once",
                "--ingest.inbox-ignore=a=b");

        assertThat(commandLine.help()).isFalse();
        assertThat(commandLine.settings()).isEqualTo(Map.of("ingest.concurrency", "4", "ingest.once", "true",
                "ingest.inbox-ignore", "a=b"));
    }

    @Test
    void should_refuse_a_value_given_after_a_space_and_show_the_setting_it_was_meant_for() {
        assertThatThrownBy(() -> CommandLine.parse("--ingest.once=true", "--ingest.concurrency", "0"))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("unknown argument '0': settings are given as --ingest.KEY=VALUE, with '=' and no"
                        + " spaces (--ingest.concurrency=0?)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ingest.once=true", "-Dingest.once=true", "--camel.main.name=x", "--once", "-once",
            "--ingest", ""})
    void should_refuse_an_argument_that_is_not_a_setting(String argument) {
        assertThatThrownBy(() -> CommandLine.parse("--ingest.once=true", argument))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("unknown argument '" + argument
                        + "': settings are given as --ingest.KEY=VALUE, with '=' and no spaces");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--help", "-h"})
    void should_ask_for_the_usage_with_help(String argument) {
        assertThat(CommandLine.parse("--ingest.once=true", argument).help()).isTrue();
        assertThat(CommandLine.USAGE).contains("--ingest.KEY=VALUE").contains("README.md, section \"Settings\"");
    }
}
