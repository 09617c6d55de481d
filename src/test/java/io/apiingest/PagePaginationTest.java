package io.apiingest;

import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ingest.paginate.type=page without ingest.paginate.limit: the API's page size is unknown, so a short page does
 * not end the chain; an empty one does.
 */
class PagePaginationTest extends IngestTestSupport {

    @RegisterExtension
    static final PagedApi api = PagedApi.start();

    @Override
    protected void settings(Properties settings) {
        settings.put("ingest.paginate.type", "page");
        settings.put("ingest.paginate.page-param", "p");
        settings.put("ingest.paginate.page-start", "0");
        settings.put("ingest.items-path", "/items");
    }

    @Test
    void should_number_the_pages_from_page_start_and_stop_at_an_empty_page() throws Exception {
        api.on("/page/a", query -> PagedApi.Answer.json(switch (PagedApi.intParam(query, "p", -1)) {
            case 0, 1 -> "{\"items\":[1,2]}";
            case 2 -> "{\"items\":[3]}";
            default -> "{\"items\":[]}";
        }));
        drop("pages.txt", lines(api.url("/page/a?p=7")));

        JsonNode summary = awaitSummary("pages");

        assertThat(summary.get("succeeded").asInt()).isEqualTo(1);
        assertThat(api.received("/page/a")).containsExactly("/page/a?p=0", "/page/a?p=1", "/page/a?p=2",
                "/page/a?p=3");
        assertThat(records("pages")).extracting(r -> r.get("page").asInt() + ":" + r.get("body"))
                .containsExactly("1:1", "1:2", "2:1", "2:2", "3:3");
        assertThat(summary.get("pages").asInt()).isEqualTo(4);
    }
}
