package io.apiingest;

import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ingest.file-deadline-s: once a file's deadline passes, a retry waiting out its backoff ends at once as "deadline
 * exceeded" with the attempts it had, a line still waiting for a slot ends with none, a request in flight finishes,
 * and the summary says deadlineExceeded.
 */
class FileDeadlineTest extends IngestTestSupport {

    @RegisterExtension
    static final StreamingApi api = StreamingApi.start();

    @Override
    protected void settings(Properties settings) {
        settings.put("ingest.file-deadline-s", "1");
        settings.put("ingest.concurrency", "1");
        settings.put("ingest.retry.delay-ms", "20000"); // a wait the deadline must cut short
        settings.put("ingest.retry.max-delay-ms", "20000");
    }

    @Test
    void should_cancel_a_retry_waiting_out_its_backoff_when_the_deadline_passes() throws Exception {
        api.answer("/busy", 503);
        drop("waiting.txt", lines(api.url("/busy")));

        JsonNode summary = awaitSummary("waiting");

        assertThat(summary.get("deadlineExceeded").asBoolean()).isTrue();
        assertThat(summary.get("failed").asInt()).isEqualTo(1);
        assertThat(errors("waiting")).singleElement().satisfies(error -> {
            assertThat(error.get("attempts").asInt()).as("the attempts it had").isEqualTo(1);
            assertThat(error.get("error").asText()).isEqualTo("deadline exceeded");
        });
        assertThat(api.requests("/busy")).as("its retry was cancelled, not sent").isEqualTo(1);
    }

    @Test
    void should_end_a_line_waiting_for_a_slot_untried_and_let_the_request_in_flight_finish() throws Exception {
        api.on("/slow", "application/json", (out, request) -> {
            Thread.sleep(1_800); // holds the only slot past the deadline
            out.text("{\"ok\":true}");
        });
        drop("late.txt", lines(api.url("/slow?a"), api.url("/slow?b")));

        JsonNode summary = awaitSummary("late");

        assertThat(summary.get("deadlineExceeded").asBoolean()).isTrue();
        assertThat(summary.get("total").asInt()).isEqualTo(2);
        assertThat(summary.get("succeeded").asInt()).as("the request in flight finished").isEqualTo(1);
        assertThat(records("late")).singleElement().satisfies(r -> assertThat(r.get("status").asInt())
                .isEqualTo(200));
        assertThat(errors("late")).singleElement().satisfies(error -> {
            assertThat(error.get("attempts").asInt()).as("never tried").isZero();
            assertThat(error.get("error").asText()).isEqualTo("deadline exceeded");
        });
        assertThat(api.requests("/slow")).isEqualTo(1);
    }
}
