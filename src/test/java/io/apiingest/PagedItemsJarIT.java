package io.apiingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged jar, as a user runs it, on chains of pages whose items are the records: next-url pages of a JSON
 * array at ingest.items-path, and an NDJSON export; read back record by record against what the server sent.
 */
class PagedItemsJarIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int LINES = 5;
    private static final int PAGES = 4;
    private static final int ITEMS = 250;

    @TempDir
    Path workDir;

    private final StreamingApi api = StreamingApi.start();

    @AfterEach
    void stop_api() {
        api.close();
    }

    @Test
    void should_write_one_record_per_item_of_every_page_of_every_chain_and_count_them_in_the_summary()
            throws Exception {
        for (int line = 1; line <= LINES; line++) {
            int owner = line;
            api.on("/orders/" + line, "application/json", (out, request) -> {
                // the page number is the count of requests to this path: pages come one after the other
                out.text("{\"data\":[");
                for (int item = 0; item < ITEMS; item++) {
                    out.text((item == 0 ? "" : ",") + "{\"line\":" + owner + ",\"page\":" + request + ",\"n\":"
                            + item + "}");
                }
                out.text("],\"next\":" + (request < PAGES ? "\"/orders/" + owner + "?page=" + (request + 1) + "\""
                        : "null") + "}");
            });
        }
        api.on("/export", "application/x-ndjson", (out, request) -> {
            for (int item = 0; item < 1_000; item++) {
                out.text("{\"export\":" + item + "}\n");
            }
        });
        List<String> input = new ArrayList<>();
        for (int line = 1; line <= LINES; line++) {
            input.add(api.url("/orders/" + line));
        }
        input.add(api.url("/export"));
        Path inbox = Files.createDirectories(workDir.resolve("inbox"));
        Files.write(inbox.resolve("orders.txt"), input);

        JarProcess run = JarProcess.start(workDir, "run", List.of("-Xmx256m"), List.of("--ingest.once=true",
                "--ingest.metrics.port=0", "--ingest.paginate.type=next-url", "--ingest.paginate.next-path=/next",
                "--ingest.items-path=/data", "--ingest.batch-size=500"));

        assertThat(run.awaitExit(Duration.ofSeconds(120))).as("exit code; output:%n%s", run.output()).isZero();
        Path results = workDir.resolve("outbox/orders");
        JsonNode summary = JSON.readTree(results.resolve("_SUMMARY.json").toFile());
        List<JsonNode> records = records(results);
        Set<String> keys = new HashSet<>();
        for (JsonNode record : records) {
            String key = record.get("line") + "/" + record.get("page") + "/" + record.get("item");
            assertThat(keys.add(key)).as("one record per (line, page, item): %s", key).isTrue();
            JsonNode body = record.get("body");
            if (record.get("line").asInt() <= LINES) {
                assertThat(body.get("line").asInt()).as(key).isEqualTo(record.get("line").asInt());
                assertThat(body.get("page").asInt()).as(key).isEqualTo(record.get("page").asInt());
                assertThat(body.get("n").asInt()).as(key).isEqualTo(record.get("item").asInt());
                int page = record.get("page").asInt();
                assertThat(record.get("url").asText()).as(key).isEqualTo(api.url("/orders/"
                        + record.get("line").asInt() + (page == 1 ? "" : "?page=" + page)));
            } else {
                assertThat(record.get("page").asInt()).isEqualTo(1);
                assertThat(body.get("export").asInt()).isEqualTo(record.get("item").asInt());
            }
        }
        int expected = LINES * PAGES * ITEMS + 1_000;
        assertThat(records).hasSize(expected);
        for (int line = 1; line <= LINES; line++) {
            assertThat(api.requests("/orders/" + line)).as("pages requested of line %d", line).isEqualTo(PAGES);
        }
        assertThat(summary.get("total").asInt()).isEqualTo(LINES + 1);
        assertThat(summary.get("succeeded").asInt()).isEqualTo(LINES + 1);
        assertThat(summary.get("records").asInt()).isEqualTo(expected);
        assertThat(summary.get("items").asInt()).isEqualTo(expected);
        assertThat(summary.get("pages").asInt()).isEqualTo(LINES * PAGES + 1);
        assertThat(summary.get("errors").asInt()).isZero();
        assertThat(results.resolve("errors.jsonl")).isEmptyFile();
    }

    private static List<JsonNode> records(Path results) throws IOException {
        List<JsonNode> records = new ArrayList<>();
        try (Stream<Path> files = Files.list(results)) {
            for (Path part : files.filter(f -> f.getFileName().toString().matches("part-\\d+\\.jsonl")).sorted()
                    .toList()) {
                for (String line : Files.readAllLines(part)) {
                    records.add(JSON.readTree(line));
                }
            }
        }
        return records;
    }
}
