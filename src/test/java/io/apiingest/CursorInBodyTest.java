package io.apiingest;

import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ingest.paginate.cursor-in=body: a POST's cursor goes into its JSON object body, at cursor-param, from page 2 on;
 * the URL stays the line's. A line that cannot carry it is an error record, untried.
 */
class CursorInBodyTest extends IngestTestSupport {

    @RegisterExtension
    static final PagedApi api = PagedApi.start();

    @Override
    protected void settings(Properties settings) {
        settings.put("ingest.paginate.type", "cursor");
        settings.put("ingest.paginate.cursor-path", "/meta/next");
        settings.put("ingest.paginate.cursor-param", "after");
        settings.put("ingest.paginate.cursor-in", "body");
    }

    /** The answer of a search API that takes its cursor in the body: c2 after page 1, c3 after c2, then none. */
    private static PagedApi.Answer search(String body) {
        String next = body.contains("\"after\":\"c3\"") ? "null" : body.contains("\"after\":\"c2\"") ? "\"c3\""
                : "\"c2\"";
        return PagedApi.Answer.json("{\"meta\":{\"next\":" + next + "}}");
    }

    @Test
    void should_send_each_cursor_in_the_body_and_none_on_the_first_page() throws Exception {
        api.onBody("/search", (query, body) -> search(body));
        drop("search.jsonl", lines("{\"method\": \"POST\", \"url\": \"" + api.url("/search?v=1") + "\", "
                + "\"body\": {\"q\": \"shoes\", \"size\": 2, \"price\": 1.50, \"after\": null}}"));

        JsonNode summary = awaitSummary("search");

        assertThat(summary.get("succeeded").asInt()).isEqualTo(1);
        assertThat(api.bodies("/search")).containsExactly(
                "{\"q\": \"shoes\", \"size\": 2, \"price\": 1.50, \"after\": null}",
                "{\"q\":\"shoes\",\"size\":2,\"price\":1.50,\"after\":\"c2\"}",
                "{\"q\":\"shoes\",\"size\":2,\"price\":1.50,\"after\":\"c3\"}");
        assertThat(api.received("/search")).as("the URL stays the line's")
                .containsExactly("/search?v=1", "/search?v=1", "/search?v=1");
        List<JsonNode> records = records("search");
        assertThat(records).extracting(r -> r.get("page").asInt()).containsExactlyInAnyOrder(1, 2, 3);
        assertThat(records).extracting(r -> r.get("url").asText()).containsOnly(api.url("/search?v=1"));
    }

    @Test
    void should_make_a_line_whose_body_takes_no_cursor_an_error_record_untried() throws Exception {
        api.onBody("/refused", (query, body) -> search(body));
        api.onBody("/fine", (query, body) -> search(body));
        drop("refused.jsonl", lines(
                "{\"method\": \"POST\", \"url\": \"" + api.url("/refused") + "\", \"body\": [1, 2]}",
                "{\"method\": \"PUT\", \"url\": \"" + api.url("/refused") + "\", \"bodyText\": \"q=shoes\"}",
                "{\"method\": \"POST\", \"url\": \"" + api.url("/refused") + "\"}",
                "{\"url\": \"" + api.url("/refused") + "\"}",
                "{\"method\": \"PATCH\", \"url\": \"" + api.url("/fine") + "\", \"body\": {}}"));

        JsonNode summary = awaitSummary("refused");

        assertThat(summary.get("failed").asInt()).isEqualTo(4);
        assertThat(summary.get("succeeded").asInt()).isEqualTo(1);
        assertThat(api.received("/refused")).isEmpty();
        String notAnObject = "the request body is not a JSON object: with cursor-in=body the cursor goes into its "
                + "field 'after'";
        for (int line = 1; line <= 3; line++) {
            JsonNode error = recordOfLine("refused", line);
            assertThat(error.get("error").asText()).isEqualTo(notAnObject);
            assertThat(error.get("attempts").asInt()).isZero();
        }
        assertThat(recordOfLine("refused", 4).get("error").asText())
                .isEqualTo("cursor-in=body sends the cursor in the body of a POST, PUT or PATCH, not of a GET");
        assertThat(api.bodies("/fine")).containsExactly("{}", "{\"after\":\"c2\"}", "{\"after\":\"c3\"}");
    }

    @Test
    void should_end_a_chain_whose_cursor_repeats_with_an_error_record() throws Exception {
        api.onBody("/loop", (query, body) -> PagedApi.Answer.json("{\"meta\":{\"next\":\"same\"}}"));
        drop("loop.jsonl", lines("{\"method\": \"POST\", \"url\": \"" + api.url("/loop") + "\", \"body\": {}}"));

        awaitSummary("loop");

        assertThat(api.bodies("/loop")).as("the same URL each time: the cursor tells the pages apart")
                .containsExactly("{}", "{\"after\":\"same\"}");
        assertThat(errors("loop")).singleElement().satisfies(error -> {
            assertThat(error.get("page").asInt()).isEqualTo(3);
            assertThat(error.get("error").asText()).contains("pagination loop");
        });
    }

    @Test
    void should_rebuild_the_body_with_the_journaled_cursor_when_a_chain_resumes() throws Exception {
        api.onBody("/resumed", (query, body) -> search(body));
        String url = api.url("/resumed");
        dropResuming("resumed.jsonl", lines("{\"method\": \"POST\", \"url\": \"" + url + "\", "
                + "\"body\": {\"q\": \"shoes\"}}"), Map.of(
                ".part-00001.jsonl.tmp", "{\"line\":1,\"page\":1,\"url\":\"" + url + "\",\"method\":\"POST\","
                        + "\"status\":200,\"attempts\":1,\"elapsedMs\":5,\"body\":{\"meta\":{\"next\":\"c2\"}}}\n",
                ".pages.jsonl", "{\"line\":1,\"page\":1,\"items\":0,\"status\":200,\"attempts\":1,\"elapsedMs\":5,"
                        + "\"next\":{\"page\":2,\"position\":0,\"itemsSeen\":0,\"uri\":\"" + url + "\","
                        + "\"cursor\":\"c2\"}}\n"));

        JsonNode summary = awaitSummary("resumed");

        assertThat(api.bodies("/resumed")).as("page 1 is not sent again; page 2 carries the journaled cursor")
                .containsExactly("{\"q\":\"shoes\",\"after\":\"c2\"}", "{\"q\":\"shoes\",\"after\":\"c3\"}");
        assertThat(records("resumed")).extracting(r -> r.get("page").asInt()).containsExactlyInAnyOrder(1, 2, 3);
        assertThat(summary.get("succeeded").asInt()).isEqualTo(1);
    }

    @Test
    void should_send_the_cursor_in_the_query_for_a_line_whose_own_pagination_says_so() throws Exception {
        api.onBody("/own", (query, body) -> PagedApi.Answer.json(query.containsKey("after")
                ? "{\"meta\":{\"next\":null}}" : "{\"meta\":{\"next\":\"c2\"}}"));
        drop("own.jsonl", lines("{\"method\": \"POST\", \"url\": \"" + api.url("/own") + "\", \"body\": {\"q\": 1}, "
                + "\"paginate\": {\"cursor-in\": \"query\"}}"));

        awaitSummary("own");

        assertThat(api.received("/own")).containsExactly("/own", "/own?after=c2");
        assertThat(api.bodies("/own")).containsExactly("{\"q\": 1}", "{\"q\": 1}");
    }
}
