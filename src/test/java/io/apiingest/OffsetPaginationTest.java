package io.apiingest;

import java.util.Map;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** ingest.paginate.type=offset: offset from 0 by the limit, the limit on every page; short page and total stop. */
class OffsetPaginationTest extends IngestTestSupport {

    @RegisterExtension
    static final PagedApi api = PagedApi.start();

    @Override
    protected void settings(Properties settings) {
        settings.put("ingest.paginate.type", "offset");
        settings.put("ingest.paginate.offset-param", "start");
        settings.put("ingest.paginate.limit-param", "size");
        settings.put("ingest.paginate.limit", "2");
        settings.put("ingest.paginate.total-path", "/total");
        settings.put("ingest.items-path", "/data");
    }

    /** {@code count} items in all, served by start and size. */
    private static PagedApi.Answer items(Map<String, String> query, int count, boolean withTotal) {
        int start = PagedApi.intParam(query, "start", -1);
        int size = PagedApi.intParam(query, "size", -1);
        StringBuilder data = new StringBuilder();
        for (int i = start; i < Math.min(start + size, count); i++) {
            data.append(data.length() == 0 ? "" : ",").append(i);
        }
        return PagedApi.Answer.json("{\"data\":[" + data + "]" + (withTotal ? ",\"total\":" + count : "") + "}");
    }

    @Test
    void should_page_by_offset_and_stop_at_a_short_page() throws Exception {
        api.on("/offset/short", query -> items(query, 5, false));
        drop("short.txt", lines(api.url("/offset/short?q=x")));

        JsonNode summary = awaitSummary("short");

        assertThat(summary.get("succeeded").asInt()).isEqualTo(1);
        assertThat(api.received("/offset/short")).containsExactly("/offset/short?q=x&start=0&size=2",
                "/offset/short?q=x&start=2&size=2", "/offset/short?q=x&start=4&size=2");
        assertThat(records("short")).as("one record per item, with its page's URL")
                .extracting(r -> r.get("page").asInt() + ":" + r.get("item").asInt() + "=" + r.get("body") + " "
                        + r.get("url").asText())
                .containsExactly("1:0=0 " + api.url("/offset/short?q=x&start=0&size=2"),
                        "1:1=1 " + api.url("/offset/short?q=x&start=0&size=2"),
                        "2:0=2 " + api.url("/offset/short?q=x&start=2&size=2"),
                        "2:1=3 " + api.url("/offset/short?q=x&start=2&size=2"),
                        "3:0=4 " + api.url("/offset/short?q=x&start=4&size=2"));
        assertThat(summary.get("pages").asInt()).isEqualTo(3);
        assertThat(summary.get("items").asInt()).isEqualTo(5);
    }

    @Test
    void should_stop_when_the_total_is_reached() throws Exception {
        api.on("/offset/total", query -> items(query, 4, true));
        drop("total.txt", lines(api.url("/offset/total")));

        awaitSummary("total");

        assertThat(records("total")).extracting(r -> r.get("page").asInt()).containsExactly(1, 1, 2, 2);
        assertThat(api.received("/offset/total")).hasSize(2);
    }

    @Test
    void should_stop_at_an_empty_page() throws Exception {
        api.on("/offset/even", query -> items(query, 4, false));
        drop("even.txt", lines(api.url("/offset/even")));

        JsonNode summary = awaitSummary("even");

        assertThat(records("even")).as("the empty page 3 has no items").extracting(r -> r.get("page").asInt())
                .containsExactly(1, 1, 2, 2);
        assertThat(summary.get("pages").asInt()).isEqualTo(3);
        assertThat(api.received("/offset/even")).last().isEqualTo("/offset/even?start=4&size=2");
    }
}
