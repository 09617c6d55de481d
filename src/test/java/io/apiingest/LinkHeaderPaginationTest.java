package io.apiingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ingest.paginate.type=link-header, at a concurrency of 1: every next page takes the one slot in turn, and no
 * chain waits for a slot its own page holds.
 */
class LinkHeaderPaginationTest extends IngestTestSupport {

    @RegisterExtension
    static final PagedApi api = PagedApi.start();

    @Override
    protected void settings(Properties settings) {
        settings.put("ingest.paginate.type", "link-header");
        settings.put("ingest.paginate.max-pages", "5");
        settings.put("ingest.concurrency", "1");
    }

    /** Three pages: a relative next link among other links, then an absolute one with a comma, then none. */
    private static PagedApi.Answer threePages(String path, java.util.Map<String, String> query) {
        int p = PagedApi.intParam(query, "p", 1);
        return switch (p) {
            case 1 -> new PagedApi.Answer(200, "{\"p\":1}",
                    "<" + path + "?p=1>; rel=\"first self\", <" + path + "?p=2>; rel=\"Next last\"");
            case 2 -> new PagedApi.Answer(200, "{\"p\":2}", "<" + path + "?p=1>; rel=prev; title=\"a, b\", <"
                    + api.url(path + "?p=3&tag=a,b") + ">; rel=next");
            default -> new PagedApi.Answer(200, "{\"p\":3}", "<" + path + "?p=2>; rel=\"prev\"");
        };
    }

    @Test
    void should_follow_rel_next_links_relative_and_absolute_one_record_per_page() throws Exception {
        api.on("/link/a", query -> threePages("/link/a", query));
        drop("links.txt", lines(api.url("/link/a")));

        JsonNode summary = awaitSummary("links");

        assertThat(summary.get("total").asInt()).isEqualTo(1);
        assertThat(summary.get("succeeded").asInt()).isEqualTo(1);
        assertThat(summary.get("failed").asInt()).isEqualTo(0);
        List<JsonNode> records = records("links");
        assertThat(records).extracting(r -> r.get("page").asInt()).containsExactly(1, 2, 3);
        assertThat(records).extracting(r -> r.get("url").asText()).containsExactly(api.url("/link/a"),
                api.url("/link/a?p=2"), api.url("/link/a?p=3&tag=a,b"));
        assertThat(records).extracting(r -> r.get("body").get("p").asInt()).containsExactly(1, 2, 3);
        assertThat(records.get(0).fieldNames()).toIterable().startsWith("line", "page", "url");
        assertThat(api.received("/link/a")).containsExactly("/link/a", "/link/a?p=2", "/link/a?p=3&tag=a,b");
    }

    @Test
    void should_finish_every_chain_at_concurrency_one_without_deadlock() throws Exception {
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String path = "/link/many" + i;
            api.on(path, query -> threePages(path, query));
            urls.add(api.url(path));
        }
        drop("many.txt", String.join("\n", urls));

        JsonNode summary = awaitSummary("many");

        assertThat(summary.get("total").asInt()).isEqualTo(8);
        assertThat(summary.get("succeeded").asInt()).isEqualTo(8);
        assertThat(records("many")).hasSize(24);
        assertThat(api.maxInFlight()).isEqualTo(1);
        for (int line = 1; line <= 8; line++) {
            long l = line;
            assertThat(records("many").stream().filter(r -> r.get("line").asLong() == l)
                    .map(r -> r.get("page").asInt())).containsExactlyInAnyOrder(1, 2, 3);
        }
    }

    @Test
    void should_end_a_chain_at_max_pages() throws Exception {
        api.on("/link/endless", query -> {
            int p = PagedApi.intParam(query, "p", 1);
            return new PagedApi.Answer(200, "{\"p\":" + p + "}", "</link/endless?p=" + (p + 1) + ">; rel=\"next\"");
        });
        drop("endless.txt", lines(api.url("/link/endless")));

        JsonNode summary = awaitSummary("endless");

        assertThat(records("endless")).extracting(r -> r.get("page").asInt()).containsExactly(1, 2, 3, 4, 5);
        assertThat(api.received("/link/endless")).hasSize(5);
        assertThat(summary.get("succeeded").asInt()).isEqualTo(1);
    }

    @Test
    void should_end_a_looping_chain_with_an_error_record() throws Exception {
        api.on("/link/loop", query -> new PagedApi.Answer(200, "{}", "</link/loop?p=2>; rel=next"));
        drop("loop.txt", lines(api.url("/link/loop")));

        JsonNode summary = awaitSummary("loop");

        assertThat(records("loop")).extracting(r -> r.get("page").asInt()).containsExactly(1, 2);
        List<JsonNode> errors = errors("loop");
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).get("page").asInt()).isEqualTo(3);
        assertThat(errors.get(0).get("url").asText()).isEqualTo(api.url("/link/loop?p=2"));
        assertThat(errors.get(0).get("attempts").asInt()).isEqualTo(0);
        assertThat(errors.get(0).get("error").asText()).contains("pagination loop");
        assertThat(api.received("/link/loop")).hasSize(2);
        assertThat(summary.get("failed").asInt()).isEqualTo(1);
        assertThat(summary.get("succeeded").asInt()).isEqualTo(0);
    }

    @Test
    void should_end_a_chain_with_the_error_record_of_a_page_that_failed_for_good() throws Exception {
        api.on("/link/fail", query -> PagedApi.intParam(query, "p", 1) == 1
                ? new PagedApi.Answer(200, "{\"p\":1}", "</link/fail?p=2>; rel=next")
                : new PagedApi.Answer(404, "{}", "</link/fail?p=3>; rel=next"));
        drop("fail.txt", lines(api.url("/link/fail")));

        JsonNode summary = awaitSummary("fail");

        assertThat(records("fail")).extracting(r -> r.get("page").asInt()).containsExactly(1);
        List<JsonNode> errors = errors("fail");
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).get("page").asInt()).isEqualTo(2);
        assertThat(errors.get(0).get("status").asInt()).isEqualTo(404);
        assertThat(errors.get(0).get("url").asText()).isEqualTo(api.url("/link/fail?p=2"));
        assertThat(api.received("/link/fail")).containsExactly("/link/fail", "/link/fail?p=2");
        assertThat(summary.get("failed").asInt()).isEqualTo(1);
    }

    @Test
    void should_retry_a_page_in_the_middle_of_a_chain_and_go_on() throws Exception {
        java.util.concurrent.atomic.AtomicInteger secondPage = new java.util.concurrent.atomic.AtomicInteger();
        api.on("/link/flaky", query -> {
            int p = PagedApi.intParam(query, "p", 1);
            if (p == 2 && secondPage.incrementAndGet() == 1) {
                return new PagedApi.Answer(503, "{}", null);
            }
            return new PagedApi.Answer(200, "{\"p\":" + p + "}", p < 3 ? "</link/flaky?p=" + (p + 1) + ">; rel=next"
                    : null);
        });
        drop("flaky.txt", lines(api.url("/link/flaky")));

        JsonNode summary = awaitSummary("flaky");

        List<JsonNode> records = records("flaky");
        assertThat(records).extracting(r -> r.get("page").asInt()).containsExactly(1, 2, 3);
        assertThat(records).extracting(r -> r.get("attempts").asInt()).containsExactly(1, 2, 1);
        assertThat(api.received("/link/flaky")).containsExactly("/link/flaky", "/link/flaky?p=2", "/link/flaky?p=2",
                "/link/flaky?p=3");
        assertThat(summary.get("succeeded").asInt()).isEqualTo(1);
    }
}
