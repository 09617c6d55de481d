package io.apiingest;

import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A .jsonl spec's own {@code paginate}: its keys over ingest.paginate.* for that line only, pages where the
 * settings have none, and a bad one is that line's error record while the file goes on.
 */
class PaginateOverrideTest extends IngestTestSupport {

    @RegisterExtension
    static final PagedApi api = PagedApi.start();

    @Override
    protected void settings(Properties settings) {
        settings.put("ingest.paginate.type", "none");
        // what a line's own pagination falls back to, though the settings do not paginate
        settings.put("ingest.paginate.cursor-param", "cursor");
    }

    @Test
    void should_page_a_line_by_its_own_pagination_where_the_settings_have_none() throws Exception {
        api.on("/own/events", query -> PagedApi.Answer.json(query.containsKey("cursor")
                ? "{\"next\":null,\"n\":2}" : "{\"next\":\"b\",\"n\":1}"));
        api.on("/own/items", query -> switch (query.get("skip")) {
            case "0" -> PagedApi.Answer.json("{\"results\":[{\"i\":1},{\"i\":2}]}");
            default -> PagedApi.Answer.json("{\"results\":[{\"i\":3}]}");
        });
        api.on("/own/plain", query -> PagedApi.Answer.json("{\"plain\":true}"));
        drop("own.jsonl", lines(
                "{\"url\": \"" + api.url("/own/events") + "\", \"paginate\": {\"type\": \"cursor\", "
                        + "\"cursor-path\": \"/next\"}}",
                "{\"url\": \"" + api.url("/own/plain") + "\"}",
                "{\"url\": \"" + api.url("/own/items") + "\", \"paginate\": {\"type\": \"offset\", "
                        + "\"offset-param\": \"skip\", \"limit-param\": \"take\", \"limit\": 2, "
                        + "\"items-path\": \"/results\"}}"));

        JsonNode summary = awaitSummary("own");

        assertThat(summary.get("succeeded").asInt()).isEqualTo(3);
        assertThat(api.received("/own/events")).containsExactly("/own/events", "/own/events?cursor=b");
        assertThat(api.received("/own/items")).containsExactly("/own/items?skip=0&take=2",
                "/own/items?skip=2&take=2");
        assertThat(api.received("/own/plain")).containsExactly("/own/plain");
        List<JsonNode> records = records("own");
        assertThat(records).filteredOn(r -> r.get("line").asInt() == 1)
                .extracting(r -> r.get("page").asInt() + ":" + r.get("body").get("n").asInt())
                .containsExactlyInAnyOrder("1:1", "2:2");
        assertThat(recordOfLine("own", 2).has("page")).as("a line without its own is as ever").isFalse();
        assertThat(records).filteredOn(r -> r.get("line").asInt() == 3)
                .extracting(r -> r.get("page").asInt() + ":" + r.get("body").get("i").asInt())
                .as("each item of the line's own items-path is a record").containsExactlyInAnyOrder("1:1", "1:2", "2:3");
    }

    @Test
    void should_make_a_line_with_a_bad_pagination_of_its_own_an_error_and_go_on_with_the_file() throws Exception {
        api.on("/bad/ok", query -> PagedApi.Answer.json("{}"));
        drop("bad.jsonl", lines(
                "{\"url\": \"" + api.url("/bad/never") + "\", \"id\": \"b-1\", \"paginate\": {\"type\": \"offset\", "
                        + "\"limt\": 50}}",
                "{\"url\": \"" + api.url("/bad/never") + "\", \"paginate\": {\"type\": \"cursor\", "
                        + "\"cursor-path\": \"next\"}}",
                "{\"url\": \"" + api.url("/bad/never") + "\", \"paginate\": {\"type\": \"offset\", \"limit\": 0}}",
                "{\"url\": \"" + api.url("/bad/ok") + "\"}"));

        JsonNode summary = awaitSummary("bad");

        assertThat(summary.get("failed").asInt()).isEqualTo(3);
        assertThat(summary.get("succeeded").asInt()).isEqualTo(1);
        assertThat(api.received("/bad/never")).isEmpty();
        JsonNode typo = recordOfLine("bad", 1);
        assertThat(typo.get("error").asText()).isEqualTo("unknown key 'paginate.limt': did you mean 'paginate.limit'?");
        assertThat(typo.get("attempts").asInt()).isZero();
        assertThat(typo.get("id").asText()).isEqualTo("b-1");
        assertThat(recordOfLine("bad", 2).get("error").asText())
                .startsWith("paginate.cursor-path must be a JSON Pointer");
        assertThat(recordOfLine("bad", 3).get("error").asText())
                .isEqualTo("paginate.limit must be between 1 and 1000000, got 0");
    }

    @Test
    void should_resume_a_chain_of_a_line_s_own_pagination_where_it_was_left() throws Exception {
        api.on("/resume/events", query -> PagedApi.Answer.json("{\"next\":null}"));
        String url = api.url("/resume/events");
        dropResuming("resume.jsonl", lines("{\"url\": \"" + url + "\", \"paginate\": {\"type\": \"cursor\", "
                + "\"cursor-path\": \"/next\", \"cursor-param\": \"after\"}}"), Map.of(
                ".part-00001.jsonl.tmp", "{\"line\":1,\"page\":1,\"url\":\"" + url + "\",\"status\":200,"
                        + "\"attempts\":1,\"elapsedMs\":5,\"body\":{\"next\":\"c2\"}}\n",
                ".pages.jsonl", "{\"line\":1,\"page\":1,\"items\":0,\"status\":200,\"attempts\":1,\"elapsedMs\":5,"
                        + "\"next\":{\"page\":2,\"position\":0,\"itemsSeen\":0,\"uri\":\"" + url + "?after=c2\","
                        + "\"cursor\":\"c2\"}}\n"));

        JsonNode summary = awaitSummary("resume");

        assertThat(api.received("/resume/events")).as("page 1 is not fetched again")
                .containsExactly("/resume/events?after=c2");
        assertThat(records("resume")).extracting(r -> r.get("page").asInt()).containsExactlyInAnyOrder(1, 2);
        assertThat(summary.get("succeeded").asInt()).isEqualTo(1);
    }
}
