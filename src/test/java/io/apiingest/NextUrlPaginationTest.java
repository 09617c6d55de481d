package io.apiingest;

import java.util.List;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ingest.paginate.type=next-url: the next URL from the body, and the stop rules that read the body: no next URL
 * (missing, null, empty), an empty items array, has-more false.
 */
class NextUrlPaginationTest extends IngestTestSupport {

    @RegisterExtension
    static final PagedApi api = PagedApi.start();

    @Override
    protected void settings(Properties settings) {
        settings.put("ingest.paginate.type", "next-url");
        settings.put("ingest.paginate.next-path", "/links/next");
        settings.put("ingest.items-path", "/data");
        settings.put("ingest.paginate.has-more-path", "/has_more");
        settings.put("ingest.concurrency", "4");
    }

    /** Page 1 and 2 link on (relative, then absolute); page 3 ends with {@code last}, a JSON fragment. */
    private static void chain(String path, String last) {
        api.on(path, query -> switch (PagedApi.intParam(query, "p", 1)) {
            case 1 -> PagedApi.Answer.json("{\"data\":[1],\"links\":{\"next\":\"" + path + "?p=2\"}}");
            case 2 -> PagedApi.Answer.json("{\"data\":[2],\"links\":{\"next\":\"" + api.url(path + "?p=3") + "\"}}");
            case 3 -> PagedApi.Answer.json("{\"data\":[3]," + last + "}");
            default -> PagedApi.Answer.json("{\"data\":[99],\"links\":{\"next\":\"" + path + "?p=5\"}}");
        });
    }

    private List<Integer> pagesOf(String job, long line) throws Exception {
        return records(job).stream().filter(r -> r.get("line").asLong() == line).map(r -> r.get("page").asInt())
                .toList();
    }

    @Test
    void should_follow_the_next_url_and_stop_where_there_is_none() throws Exception {
        chain("/next/missing", "\"links\":{}");
        chain("/next/null", "\"links\":{\"next\":null}");
        chain("/next/empty", "\"links\":{\"next\":\"\"}");
        drop("next.txt", lines(api.url("/next/missing"), api.url("/next/null"), api.url("/next/empty")));

        JsonNode summary = awaitSummary("next");

        assertThat(summary.get("total").asInt()).isEqualTo(3);
        assertThat(summary.get("succeeded").asInt()).isEqualTo(3);
        for (long line = 1; line <= 3; line++) {
            assertThat(pagesOf("next", line)).containsExactlyInAnyOrder(1, 2, 3);
        }
        assertThat(api.received("/next/null")).containsExactly("/next/null", "/next/null?p=2", "/next/null?p=3");
        assertThat(records("next").stream().filter(r -> r.get("line").asLong() == 1 && r.get("page").asInt() == 3)
                .findFirst().orElseThrow().get("url").asText()).isEqualTo(api.url("/next/missing?p=3"));
    }

    @Test
    void should_stop_at_a_page_without_items() throws Exception {
        api.on("/next/noitems", query -> PagedApi.intParam(query, "p", 1) == 1
                ? PagedApi.Answer.json("{\"data\":[1],\"links\":{\"next\":\"/next/noitems?p=2\"}}")
                : PagedApi.Answer.json("{\"data\":[],\"links\":{\"next\":\"/next/noitems?p=3\"}}"));
        drop("noitems.txt", lines(api.url("/next/noitems")));

        JsonNode summary = awaitSummary("noitems");

        assertThat(pagesOf("noitems", 1)).as("the item of page 1; page 2 has none").containsExactly(1);
        assertThat(summary.get("pages").asInt()).isEqualTo(2);
        assertThat(api.received("/next/noitems")).hasSize(2);
    }

    @Test
    void should_stop_where_has_more_is_false() throws Exception {
        api.on("/next/hasmore", query -> PagedApi.intParam(query, "p", 1) == 1
                ? PagedApi.Answer.json("{\"data\":[1],\"has_more\":true,\"links\":{\"next\":\"/next/hasmore?p=2\"}}")
                : PagedApi.Answer.json("{\"data\":[2],\"has_more\":false,\"links\":{\"next\":\"/next/hasmore?p=3\"}}"));
        drop("hasmore.txt", lines(api.url("/next/hasmore")));

        awaitSummary("hasmore");

        assertThat(pagesOf("hasmore", 1)).containsExactly(1, 2);
        assertThat(api.received("/next/hasmore")).hasSize(2);
    }

    @Test
    void should_fail_a_page_without_an_array_at_the_items_path_naming_it() throws Exception {
        api.on("/next/text", query -> new PagedApi.Answer(200, "\"just a string\"", null));
        drop("text.txt", lines(api.url("/next/text")));

        JsonNode summary = awaitSummary("text");

        assertThat(records("text")).isEmpty();
        assertThat(summary.get("failed").asInt()).isEqualTo(1);
        assertThat(errors("text")).singleElement().satisfies(error -> {
            assertThat(error.get("page").asInt()).isEqualTo(1);
            assertThat(error.get("status").asInt()).isEqualTo(200);
            assertThat(error.get("error").asText()).contains("no array at ingest.items-path /data");
        });
    }

    @Test
    void should_end_the_chain_where_the_next_path_holds_no_string() throws Exception {
        api.on("/next/number", query -> PagedApi.Answer.json("{\"data\":[1],\"links\":{\"next\":5}}"));
        drop("number.txt", lines(api.url("/next/number")));

        JsonNode summary = awaitSummary("number");

        assertThat(summary.get("pages").asInt()).as("a number is no URL: not followed as /5").isEqualTo(1);
        assertThat(api.received("/5")).isEmpty();
        assertThat(errors("number")).isEmpty();
    }
}
