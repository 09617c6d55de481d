package io.apiingest;

import java.util.List;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ingest.items-path: each element of the array at the pointer is a record of its own, read from the live stream
 * as it comes; a stream cut short is fetched again without writing an item twice; a stream is bounded by silence,
 * not by the attempt's deadline.
 */
class ItemRecordsTest extends IngestTestSupport {

    @RegisterExtension
    static final StreamingApi api = StreamingApi.start();

    @Override
    protected void settings(Properties settings) {
        settings.put("ingest.items-path", "/result/data");
        settings.put("ingest.timeout-ms", "1000");
        settings.put("ingest.max-body-bytes", "4096");
        settings.put("ingest.retry.max", "2");
    }

    private static void items(StreamingApi.Stream out, int from, int to) throws Exception {
        for (int i = from; i < to; i++) {
            out.text((i == 0 ? "" : ",") + "{\"n\":" + i + ",\"pad\":\"" + "x".repeat(40) + "\"}");
        }
    }

    @Test
    void should_write_each_element_of_a_large_streamed_array_as_its_own_record_in_order() throws Exception {
        int count = 50_000; // about 3 MB, far over ingest.max-body-bytes: only an item must fit
        api.on("/big", "application/json", (out, request) -> {
            out.text("{\"result\":{\"total\":" + count + ",\"data\":[");
            items(out, 0, count);
            out.text("]},\"next\":null}");
        });
        drop("big.txt", lines(api.url("/big")));

        JsonNode summary = awaitSummary("big");

        List<JsonNode> records = records("big");
        assertThat(records).hasSize(count);
        for (int i = 0; i < count; i++) {
            JsonNode record = records.get(i);
            assertThat(record.get("line").asInt()).isEqualTo(1);
            assertThat(record.get("page").asInt()).isEqualTo(1);
            assertThat(record.get("item").asInt()).isEqualTo(i);
            assertThat(record.get("body").get("n").asInt()).isEqualTo(i);
        }
        assertThat(records.get(0).get("url").asText()).isEqualTo(api.url("/big"));
        assertThat(records.get(0).get("status").asInt()).isEqualTo(200);
        assertThat(summary.get("succeeded").asInt()).isEqualTo(1);
        assertThat(summary.get("items").asInt()).isEqualTo(count);
        assertThat(summary.get("records").asInt()).isEqualTo(count);
        assertThat(summary.get("pages").asInt()).isEqualTo(1);
    }

    @Test
    void should_fetch_a_cut_stream_again_and_write_each_item_once() throws Exception {
        api.on("/cut", "application/json", (out, request) -> {
            out.text("{\"result\":{\"data\":[");
            items(out, 0, request == 1 ? 300 : 1000);
            if (request == 1) {
                out.breakOff();
            }
            out.text("]}}");
        });
        drop("cut.txt", lines(api.url("/cut")));

        JsonNode summary = awaitSummary("cut");

        assertThat(api.requests("/cut")).isEqualTo(2);
        assertThat(records("cut")).extracting(r -> r.get("item").asInt())
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 1000).boxed().toList());
        assertThat(summary.get("retries").asInt()).isEqualTo(1);
        assertThat(errors("cut")).isEmpty();
    }

    @Test
    void should_let_a_stream_run_past_the_timeout_while_it_keeps_coming() throws Exception {
        api.on("/slow", "application/json", (out, request) -> {
            out.text("{\"result\":{\"data\":[");
            for (int i = 0; i < 8; i++) {
                items(out, i, i + 1);
                out.flush();
                Thread.sleep(300); // 2.4 s in all, each gap well under ingest.timeout-ms (1 s)
            }
            out.text("]}}");
        });
        drop("slow.txt", lines(api.url("/slow")));

        awaitSummary("slow");

        assertThat(records("slow")).hasSize(8);
        assertThat(api.requests("/slow")).isEqualTo(1);
    }

    @Test
    void should_cut_a_stream_silent_for_the_timeout_and_keep_what_came() throws Exception {
        api.on("/silent", "application/json", (out, request) -> {
            out.text("{\"result\":{\"data\":[");
            items(out, 0, 2);
            out.flush();
            Thread.sleep(60_000);
        });
        drop("silent.txt", lines(api.url("/silent")));

        JsonNode summary = awaitSummary("silent");

        assertThat(records("silent")).extracting(r -> r.get("item").asInt()).containsExactly(0, 1);
        assertThat(api.requests("/silent")).isEqualTo(3);
        assertThat(errors("silent")).singleElement().satisfies(error -> {
            assertThat(error.get("page").asInt()).isEqualTo(1);
            assertThat(error.get("attempts").asInt()).isEqualTo(3);
            assertThat(error.get("error").asText()).contains("cut after 2 items").contains("1000 ms");
        });
        assertThat(summary.get("failed").asInt()).isEqualTo(1);
    }

    @Test
    void should_fail_an_item_over_max_body_bytes_and_keep_the_items_before_it() throws Exception {
        api.on("/huge", "application/json", (out, request) -> {
            out.text("{\"result\":{\"data\":[");
            items(out, 0, 3);
            out.text(",{\"n\":3,\"pad\":\"" + "y".repeat(20_000) + "\"}]}}");
        });
        drop("huge.txt", lines(api.url("/huge")));

        awaitSummary("huge");

        assertThat(records("huge")).extracting(r -> r.get("item").asInt()).containsExactly(0, 1, 2);
        assertThat(errors("huge")).singleElement().satisfies(error -> assertThat(error.get("error").asText())
                .isEqualTo("item 3 is over ingest.max-body-bytes (4096 bytes)"));
        assertThat(api.requests("/huge")).as("the same again on a retry: not retried").isEqualTo(1);
    }

    @Test
    void should_fail_a_response_without_an_array_at_the_pointer_naming_it() throws Exception {
        api.on("/object", "application/json", (out, request) -> out.text("{\"result\":{\"data\":{\"n\":1}}}"));
        drop("object.txt", lines(api.url("/object")));

        awaitSummary("object");

        assertThat(records("object")).isEmpty();
        assertThat(errors("object")).singleElement().satisfies(error -> assertThat(error.get("error").asText())
                .isEqualTo("no array at ingest.items-path /result/data in the response"));
    }

    @Test
    void should_take_an_empty_body_for_a_page_without_items() throws Exception {
        api.on("/empty", "application/json", (out, request) -> { });
        drop("empty.txt", lines(api.url("/empty")));

        JsonNode summary = awaitSummary("empty");

        assertThat(records("empty")).isEmpty();
        assertThat(errors("empty")).isEmpty();
        assertThat(summary.get("succeeded").asInt()).isEqualTo(1);
        assertThat(summary.get("pages").asInt()).isEqualTo(1);
    }

    @Test
    void should_write_the_lines_of_an_ndjson_response_as_items_and_a_bad_line_as_an_error() throws Exception {
        api.on("/lines", "application/x-ndjson; charset=utf-8", (out, request) ->
                out.text("{\"n\":0}\n\n{\"n\":1}\nnot json\n{\"n\":3}"));
        drop("lines.txt", lines(api.url("/lines")));

        JsonNode summary = awaitSummary("lines");

        assertThat(records("lines")).extracting(r -> r.get("item").asInt() + "=" + r.get("body").get("n"))
                .containsExactly("0=0", "1=1", "3=3");
        assertThat(errors("lines")).singleElement().satisfies(error -> {
            assertThat(error.get("item").asInt()).isEqualTo(2);
            assertThat(error.get("error").asText()).startsWith("item 2 of the NDJSON body is not JSON");
        });
        assertThat(summary.get("failed").asInt()).as("an item of its failed").isEqualTo(1);
        assertThat(summary.get("items").asInt()).as("the items written").isEqualTo(3);
        assertThat(summary.get("errors").asInt()).isEqualTo(1);
    }
}
