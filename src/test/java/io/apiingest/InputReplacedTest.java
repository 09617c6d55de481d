package io.apiingest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * A cron job drops orders.txt every hour, and one hour's file is still being fetched when the next is renamed in
 * over it. The new file must not go to .done unread: it is taken next, into a folder of its own.
 */
class InputReplacedTest extends WireMockIngestTest {

    @Override
    protected void settings(Properties settings) {
        settings.put("ingest.concurrency", "2");
    }

    @Test
    void should_take_a_file_dropped_over_one_in_progress_next_instead_of_moving_it_to_done_unread()
            throws Exception {
        server.stubFor(get(urlPathMatching("/old/.*")).willReturn(aResponse().withStatus(200)
                .withFixedDelay(150).withBody("{\"old\":true}")));
        server.stubFor(get(urlPathMatching("/new/.*")).willReturn(aResponse().withStatus(200)
                .withBody("{\"new\":true}")));
        List<String> old = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            old.add(url("/old/" + i));
        }
        drop("orders.txt", String.join("\n", old));
        await().until(() -> !server.findAll(getRequestedFor(urlPathEqualTo("/old/1"))).isEmpty());

        String newer = lines(url("/new/1"), url("/new/2"), url("/new/3"));
        drop("orders.txt", newer);

        JsonNode first = awaitSummary("orders");
        JsonNode second = awaitSummary("orders-2");

        assertThat(first.get("total").asInt()).isEqualTo(20);
        assertThat(second.get("total").asInt()).as("the new file was fetched").isEqualTo(3);
        assertThat(recordOfLine("orders-2", 1).get("url").asText()).isEqualTo(url("/new/1"));
        await().until(() -> Files.exists(inbox().resolve(".done/orders.txt")));
        assertThat(inbox().resolve(".done/orders.txt")).as("the new file, once read").hasContent(newer);
        assertThat(inbox().resolve("orders.txt")).doesNotExist();
    }
}
