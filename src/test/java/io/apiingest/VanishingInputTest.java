package io.apiingest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A file deleted while it is being read is still finished from the open handle; the app goes on. */
class VanishingInputTest extends IngestTestSupport {

    @RegisterExtension
    static final CountingServer server = CountingServer.start(20, "0");

    @Override
    protected void settings(Properties settings) {
        settings.put("ingest.concurrency", "2");
    }

    @Test
    void should_finish_a_file_deleted_while_it_is_read_and_keep_serving_the_inbox() throws Exception {
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            urls.add(server.url("/fast/" + i));
        }
        Path input = drop("vanishing.txt", String.join("\n", urls) + "\n");
        await().until(() -> !server.startNanos().isEmpty());
        Files.delete(input);

        JsonNode summary = awaitSummary("vanishing");
        drop("after.txt", lines(server.url("/fast/after")));
        JsonNode after = awaitSummary("after");

        assertThat(summary.get("total").asInt()).isEqualTo(100);
        assertThat(summary.get("succeeded").asInt()).isEqualTo(100);
        assertThat(records("vanishing")).hasSize(100);
        assertThat(after.get("succeeded").asInt()).isEqualTo(1);
    }
}
