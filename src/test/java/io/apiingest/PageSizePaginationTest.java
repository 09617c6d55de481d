package io.apiingest;

import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** ingest.paginate.type=page with ingest.paginate.limit set: a page shorter than it is the last. */
class PageSizePaginationTest extends IngestTestSupport {

    @RegisterExtension
    static final PagedApi api = PagedApi.start();

    @Override
    protected void settings(Properties settings) {
        settings.put("ingest.paginate.type", "page");
        settings.put("ingest.paginate.limit", "2");
        settings.put("ingest.items-path", "/items");
    }

    @Test
    void should_stop_at_a_page_shorter_than_the_limit_the_user_set() throws Exception {
        api.on("/page/b", query -> PagedApi.Answer.json(PagedApi.intParam(query, "page", -1) < 3
                ? "{\"items\":[1,2]}" : "{\"items\":[3]}"));
        drop("short.txt", lines(api.url("/page/b")));

        awaitSummary("short");

        assertThat(api.received("/page/b")).containsExactly("/page/b?page=1", "/page/b?page=2", "/page/b?page=3");
        assertThat(records("short")).extracting(r -> r.get("page").asInt()).containsExactly(1, 1, 2, 2, 3);
    }
}
