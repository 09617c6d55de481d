package io.apiingest.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The words after the status in an error record: "HTTP 404 Not Found", and no dangling space when there are none. */
class StatusReasonTest {

    @Test
    void should_name_a_standard_status_after_its_code() {
        assertThat("HTTP 404" + HttpAttempt.reasonPhrase(404)).isEqualTo("HTTP 404 Not Found");
        assertThat("HTTP 503" + HttpAttempt.reasonPhrase(503)).isEqualTo("HTTP 503 Service Unavailable");
    }

    @Test
    void should_leave_a_status_without_a_standard_phrase_as_its_code_alone() {
        assertThat("HTTP 418" + HttpAttempt.reasonPhrase(418)).isEqualTo("HTTP 418");
        assertThat("HTTP 599" + HttpAttempt.reasonPhrase(599)).isEqualTo("HTTP 599");
    }
}
