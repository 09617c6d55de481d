package io.apiingest;

import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ingest.max-pending bounds the requests fetch holds at once, whatever the concurrency; a chain's next pages are
 * of a request already held, so a chain goes on even when the bound is 1.
 */
class MaxPendingTest extends IngestTestSupport {

    @RegisterExtension
    static final PagedApi api = PagedApi.start();

    @Override
    protected void settings(Properties settings) {
        settings.put("ingest.concurrency", "10");
        settings.put("ingest.max-pending", "2");
        settings.put("ingest.paginate.type", "next-url");
        settings.put("ingest.paginate.next-path", "/next");
    }

    @Test
    void should_hold_no_more_requests_than_max_pending_and_still_finish_every_chain() throws Exception {
        api.latencyMs(30);
        api.on("/chain", query -> PagedApi.Answer.json(PagedApi.intParam(query, "p", 1) < 3
                ? "{\"next\":\"/chain?p=" + (PagedApi.intParam(query, "p", 1) + 1) + "&l=" + query.get("l") + "\"}"
                : "{\"next\":null}"));
        String[] lines = new String[12];
        for (int i = 0; i < lines.length; i++) {
            lines[i] = api.url("/chain?l=" + i);
        }
        drop("bounded.txt", lines(lines));

        JsonNode summary = awaitSummary("bounded");

        assertThat(summary.get("succeeded").asInt()).isEqualTo(12);
        assertThat(summary.get("pages").asInt()).isEqualTo(36);
        assertThat(api.maxInFlight()).as("in flight at once, with a concurrency of 10").isLessThanOrEqualTo(2);
    }
}
