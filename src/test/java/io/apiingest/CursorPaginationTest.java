package io.apiingest;

import java.util.List;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** ingest.paginate.type=cursor: the cursor from the body goes into its query parameter, replacing the last one. */
class CursorPaginationTest extends IngestTestSupport {

    @RegisterExtension
    static final PagedApi api = PagedApi.start();

    @Override
    protected void settings(Properties settings) {
        settings.put("ingest.paginate.type", "cursor");
        settings.put("ingest.paginate.cursor-path", "/meta/next_cursor");
        settings.put("ingest.paginate.cursor-param", "cursor");
    }

    @Test
    void should_send_each_cursor_in_its_parameter_until_there_is_none() throws Exception {
        api.on("/cursor/a", query -> switch (query.getOrDefault("cursor", "")) {
            case "" -> PagedApi.Answer.json("{\"meta\":{\"next_cursor\":\"c 2\"}}");
            case "c%202" -> PagedApi.Answer.json("{\"meta\":{\"next_cursor\":3}}");
            default -> PagedApi.Answer.json("{\"meta\":{\"next_cursor\":null}}");
        });
        drop("cursor.txt", lines(api.url("/cursor/a?x=1")));

        JsonNode summary = awaitSummary("cursor");

        assertThat(summary.get("succeeded").asInt()).isEqualTo(1);
        List<JsonNode> records = records("cursor");
        assertThat(records).extracting(r -> r.get("page").asInt()).containsExactly(1, 2, 3);
        assertThat(api.received("/cursor/a")).containsExactly("/cursor/a?x=1", "/cursor/a?x=1&cursor=c%202",
                "/cursor/a?x=1&cursor=3");
        assertThat(records.get(2).get("url").asText()).isEqualTo(api.url("/cursor/a?x=1&cursor=3"));
    }

    @Test
    void should_end_a_chain_whose_cursor_repeats_with_an_error_record() throws Exception {
        api.on("/cursor/loop", query -> PagedApi.Answer.json("{\"meta\":{\"next_cursor\":\"same\"}}"));
        drop("loop.txt", lines(api.url("/cursor/loop")));

        JsonNode summary = awaitSummary("loop");

        assertThat(records("loop")).extracting(r -> r.get("page").asInt()).containsExactly(1, 2);
        assertThat(errors("loop")).singleElement().satisfies(error -> {
            assertThat(error.get("page").asInt()).isEqualTo(3);
            assertThat(error.get("error").asText()).contains("pagination loop");
        });
        assertThat(api.received("/cursor/loop")).containsExactly("/cursor/loop", "/cursor/loop?cursor=same");
        assertThat(summary.get("failed").asInt()).isEqualTo(1);
    }

    @Test
    void should_stop_where_the_cursor_is_an_empty_string() throws Exception {
        api.on("/cursor/empty", query -> PagedApi.Answer.json(query.containsKey("cursor")
                ? "{\"meta\":{\"next_cursor\":\"\"}}" : "{\"meta\":{\"next_cursor\":\"b\"}}"));
        drop("empty.txt", lines(api.url("/cursor/empty")));

        awaitSummary("empty");

        assertThat(records("empty")).extracting(r -> r.get("page").asInt()).containsExactly(1, 2);
    }
}
