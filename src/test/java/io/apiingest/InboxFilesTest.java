package io.apiingest;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What a user drops into the inbox, and what becomes of it: the file side of the contract. */
class InboxFilesTest extends WireMockIngestTest {

    @Override
    protected void settings(Properties settings) {
        settings.put("ingest.batch-size", "2");
    }

    @BeforeEach
    void everyUrlAnswers() {
        server.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"ok\":true}")));
    }

    @Test
    void should_number_lines_physically_and_skip_blanks_comments_bom_crlf_and_trailing_spaces() throws Exception {
        String content = "\uFEFF# orders to fetch\r\n"
                + url("/a") + "   \r\n"
                + "\r\n"
                + "   \t\r\n"
                + "  # indented comment\r\n"
                + "\t" + url("/b") + "\t\r\n"
                + url("/c");
        drop("orders.txt", content);

        JsonNode summary = awaitSummary("orders");

        assertThat(summary.get("file").asText()).isEqualTo("orders.txt");
        assertThat(summary.get("total").asInt()).isEqualTo(3);
        assertThat(recordOfLine("orders", 2).get("url").asText()).isEqualTo(url("/a"));
        assertThat(recordOfLine("orders", 6).get("url").asText()).isEqualTo(url("/b"));
        assertThat(recordOfLine("orders", 7).get("url").asText()).isEqualTo(url("/c"));
        assertThat(Files.exists(inbox().resolve(".done/orders.txt"))).isTrue();
        assertThat(Files.exists(inbox().resolve("orders.txt"))).isFalse();
    }

    @Test
    void should_write_at_most_batch_size_records_per_part_and_every_line_exactly_once() throws Exception {
        List<String> urls = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            urls.add(url("/item/" + i));
        }
        drop("items.txt", String.join("\n", urls) + "\n");

        JsonNode summary = awaitSummary("items");

        assertThat(summary.get("total").asInt()).isEqualTo(5);
        assertThat(summary.get("succeeded").asInt()).isEqualTo(5);
        assertThat(summary.get("failed").asInt()).isZero();
        assertThat(summary.get("durationMs").asLong()).isNotNegative();
        List<Path> parts = partFiles("items");
        assertThat(parts).extracting(p -> p.getFileName().toString())
                .containsExactly("part-00001.jsonl", "part-00002.jsonl", "part-00003.jsonl");
        assertThat(readLines(parts.get(0))).hasSize(2);
        assertThat(readLines(parts.get(1))).hasSize(2);
        assertThat(readLines(parts.get(2))).hasSize(1);
        Set<Long> lines = new HashSet<>();
        for (JsonNode record : records("items")) {
            assertThat(lines.add(record.get("line").asLong())).as("line seen once").isTrue();
        }
        assertThat(lines).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L);
        assertThat(errors("items")).isEmpty();
        assertThat(hiddenFilesIn(outbox().resolve("items"))).isEmpty();
    }

    @Test
    void should_write_a_summary_with_total_zero_for_an_empty_file_or_only_comments() throws Exception {
        drop("empty.txt", "");
        drop("comments.txt", lines("# nothing to do", "", "   "));

        JsonNode empty = awaitSummary("empty");
        JsonNode comments = awaitSummary("comments");

        assertThat(empty.get("total").asInt()).isZero();
        assertThat(comments.get("total").asInt()).isZero();
        assertThat(comments.get("succeeded").asInt()).isZero();
        assertThat(partFiles("empty")).isEmpty();
        assertThat(errors("empty")).isEmpty();
    }

    @Test
    void should_send_a_second_drop_of_the_same_name_to_a_new_folder() throws Exception {
        drop("same.txt", lines(url("/first")));
        awaitSummary("same");
        // once the first is moved to .done: dropped between its summary and that move, the new file would be
        // moved in its place (a window of milliseconds; InputReplacedTest covers a drop during the run)
        await().until(() -> Files.exists(inbox().resolve(".done/same.txt")));
        drop("same.txt", lines(url("/second")));

        awaitSummary("same-2");

        assertThat(recordOfLine("same", 1).get("url").asText()).endsWith("/first");
        assertThat(recordOfLine("same-2", 1).get("url").asText()).endsWith("/second");
        await().until(() -> Files.exists(inbox().resolve(".done/same-2.txt")));
        assertThat(Files.readString(inbox().resolve(".done/same.txt"))).contains("/first");
        assertThat(Files.readString(inbox().resolve(".done/same-2.txt"))).contains("/second");
    }

    @Test
    void should_move_a_binary_file_to_the_error_folder_with_a_reason_and_go_on() throws Exception {
        drop("picture.txt", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 13, 1, 2, 3});
        drop("good.txt", lines(url("/good")));

        awaitSummary("good");
        Path reason = inbox().resolve(".error/picture.txt.reason.txt");
        await().until(() -> Files.exists(reason) && Files.exists(inbox().resolve(".error/picture.txt")));

        assertThat(Files.readString(reason)).contains("not a text file");
        assertThat(Files.exists(inbox().resolve("picture.txt"))).isFalse();
        assertThat(recordOfLine("good", 1).get("status").asInt()).isEqualTo(200);
    }

    @Test
    void should_leave_temporary_and_hidden_files_alone() throws Exception {
        drop("upload.txt.part", lines(url("/part")));
        drop(".hidden.txt", lines(url("/hidden")));
        drop("real.txt", lines(url("/real")));

        awaitSummary("real");

        assertThat(Files.exists(inbox().resolve("upload.txt.part"))).isTrue();
        assertThat(Files.exists(inbox().resolve(".hidden.txt"))).isTrue();
        assertThat(Files.exists(outbox().resolve("upload"))).isFalse();
        assertThat(server.getAllServeEvents()).hasSize(1);
    }

    @Test
    void should_wait_for_a_file_that_is_still_being_written() throws Exception {
        Files.createDirectories(inbox());
        Path growing = inbox().resolve("growing.txt");
        int written = 0;
        try (OutputStream out = Files.newOutputStream(growing)) {
            // a slow copy: one line every 300 ms for 3 s, each flushed to disk
            for (int i = 1; i <= 10; i++) {
                out.write((url("/g/" + i) + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                written++;
                Thread.sleep(300);
            }
        }

        JsonNode summary = awaitSummary("growing");

        assertThat(summary.get("total").asInt()).isEqualTo(written);
        assertThat(Files.exists(outbox().resolve("growing-2"))).isFalse();
    }

    private static List<Path> hiddenFilesIn(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith(".")).toList();
        }
    }
}
