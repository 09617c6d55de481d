package io.apiingest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Files a user should not drop, all in one inbox: each ends in a defined state (processed with error records for
 * its bad lines, or left alone), and the files beside them are still served. And two files dropped together
 * share the global concurrency limit.
 */
class HostileInboxTest extends WireMockIngestTest {

    static {
        // the JDK HttpServer (CountingServer) otherwise leaves Nagle on and can stall a response 40 ms
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private static final int CONCURRENCY = 3;

    @Override
    protected void settings(Properties settings) {
        settings.put("ingest.concurrency", String.valueOf(CONCURRENCY));
    }

    @BeforeEach
    void every_url_answers() {
        server.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"ok\":true}")));
    }

    @Test
    void should_give_each_hostile_file_in_one_inbox_its_defined_end_and_serve_the_others() throws Exception {
        // left alone: editor lock, swap and temporary files, and a folder with a file in it
        drop(".~lock.x#", lines(url("/ignored/lock")));
        drop("x.swp", lines(url("/ignored/swp")));
        drop("y.tmp", lines(url("/ignored/tmp")));
        Path folder = Files.createDirectories(inbox().resolve("subfolder"));
        Path inFolder = folder.resolve("inside.txt");
        Files.writeString(inFolder, lines(url("/ignored/inside")));
        Files.setLastModifiedTime(inFolder, FileTime.from(Instant.now().minusSeconds(5)));
        Files.setLastModifiedTime(folder, FileTime.from(Instant.now().minusSeconds(5)));

        // processed: invalid UTF-8 past the 64 KiB the text check samples, a name with spaces and unicode,
        // a line over 64 KiB
        ByteArrayOutputStream lateBadUtf8 = new ByteArrayOutputStream();
        for (int i = 0; i < 70; i++) {
            lateBadUtf8.writeBytes(("# padding " + "x".repeat(990) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        int badLineOffset = lateBadUtf8.size() + url("/utf8/before").length() + 1;
        lateBadUtf8.writeBytes(lines(url("/utf8/before")).getBytes(StandardCharsets.UTF_8));
        lateBadUtf8.writeBytes(url("/utf8/caf").getBytes(StandardCharsets.UTF_8));
        lateBadUtf8.writeBytes(new byte[] {(byte) 0xC3, 0x28, '\n'});
        lateBadUtf8.writeBytes(lines(url("/utf8/after")).getBytes(StandardCharsets.UTF_8));
        assertThat(badLineOffset).as("the bad line starts past the first 64 KiB").isGreaterThan(64 * 1024);
        drop("late-bad-utf8.txt", lateBadUtf8.toByteArray());

        String oddName = "my orders – été.txt";
        drop(oddName, lines(url("/unicode/1"), url("/unicode/2")));

        String longLine = url("/long/") + "a".repeat(70_000);
        drop("long-line.txt", lines(url("/long/before"), longLine, url("/long/after")));

        JsonNode utf8Summary = awaitSummary("late-bad-utf8");
        JsonNode oddSummary = awaitSummary("my orders – été");
        JsonNode longSummary = awaitSummary("long-line");
        awaitDone("late-bad-utf8.txt", oddName, "long-line.txt");

        SoftAssertions softly = new SoftAssertions();

        // invalid UTF-8 after 64 KiB: that line is an error record, the rest are fetched, the file is done
        softly.assertThat(utf8Summary.get("total").asInt()).as("late-bad-utf8 total").isEqualTo(3);
        softly.assertThat(utf8Summary.get("succeeded").asInt()).as("late-bad-utf8 succeeded").isEqualTo(2);
        softly.assertThat(utf8Summary.get("failed").asInt()).as("late-bad-utf8 failed").isEqualTo(1);
        softly.assertThat(recordOfLine("late-bad-utf8", 71).get("url").asText()).isEqualTo(url("/utf8/before"));
        softly.assertThat(recordOfLine("late-bad-utf8", 73).get("url").asText()).isEqualTo(url("/utf8/after"));
        JsonNode notUtf8 = recordOfLine("late-bad-utf8", 72);
        softly.assertThat(notUtf8.get("error").asText()).as("error of line 72")
                .isEqualTo("line is not valid UTF-8 text");
        softly.assertThat(notUtf8.get("attempts").asInt()).as("a line that is not text is never tried").isZero();
        softly.assertThat(notUtf8.path("status").isNull()).as("status of line 72 is null").isTrue();
        softly.assertThat(inbox().resolve(".error/late-bad-utf8.txt")).as("not rejected as a whole").doesNotExist();

        // a name with spaces and unicode keeps its name everywhere
        softly.assertThat(oddSummary.get("file").asText()).isEqualTo(oddName);
        softly.assertThat(oddSummary.get("total").asInt()).as("odd name total").isEqualTo(2);
        softly.assertThat(oddSummary.get("succeeded").asInt()).as("odd name succeeded").isEqualTo(2);
        softly.assertThat(recordOfLine("my orders – été", 1).get("url").asText()).isEqualTo(url("/unicode/1"));
        softly.assertThat(recordOfLine("my orders – été", 2).get("url").asText()).isEqualTo(url("/unicode/2"));

        // a line over 64 KiB: an error record that does not carry the whole line, the rest fetched
        softly.assertThat(longSummary.get("total").asInt()).as("long-line total").isEqualTo(3);
        softly.assertThat(longSummary.get("succeeded").asInt()).as("long-line succeeded").isEqualTo(2);
        softly.assertThat(longSummary.get("failed").asInt()).as("long-line failed").isEqualTo(1);
        JsonNode tooLong = recordOfLine("long-line", 2);
        softly.assertThat(tooLong.get("error").asText()).as("error of the long line").startsWith("line too long");
        softly.assertThat(tooLong.get("attempts").asInt()).as("attempts of the long line").isZero();
        softly.assertThat(tooLong.path("status").isNull()).as("status of the long line is null").isTrue();
        softly.assertThat(tooLong.get("url").asText()).as("the record shows the start of the line")
                .startsWith(url("/long/aaa")).hasSizeLessThan(1000);
        softly.assertThat(recordOfLine("long-line", 1).get("status").asInt()).isEqualTo(200);
        softly.assertThat(recordOfLine("long-line", 3).get("status").asInt()).isEqualTo(200);

        // left alone: still in the inbox, no outbox folder, never requested
        for (String name : List.of(".~lock.x#", "x.swp", "y.tmp")) {
            softly.assertThat(inbox().resolve(name)).as("%s stays where it is", name).exists();
        }
        softly.assertThat(inFolder).as("a file inside a folder in the inbox stays where it is").exists();
        softly.assertThat(folderNames(outbox())).as("outbox folders")
                .containsExactlyInAnyOrder("late-bad-utf8", "my orders – été", "long-line");
        softly.assertThat(folderNames(inbox())).as("folders in the inbox")
                .containsExactlyInAnyOrder("subfolder", ".done");
        softly.assertThat(requestedPaths()).as("requests the server saw").containsExactlyInAnyOrder(
                "/utf8/before", "/utf8/after", "/unicode/1", "/unicode/2", "/long/before", "/long/after");

        softly.assertAll();
    }

    @Test
    void should_hold_the_concurrency_across_two_files_dropped_together_and_keep_each_outbox_right()
            throws Exception {
        try (CountingServer counting = new CountingServer(50, "0")) {
            Map<String, List<String>> urlsByFile = new HashMap<>();
            for (String file : List.of("first", "second")) {
                List<String> urls = new ArrayList<>();
                for (int i = 1; i <= 30; i++) {
                    urls.add(counting.url("/fast/" + file + "-" + i));
                }
                urlsByFile.put(file, urls);
            }
            drop("first.txt", String.join("\n", urlsByFile.get("first")) + "\n");
            drop("second.txt", String.join("\n", urlsByFile.get("second")) + "\n");

            JsonNode first = awaitSummary("first");
            JsonNode second = awaitSummary("second");

            assertThat(counting.maxInFlight()).as("requests in flight at once, both files together")
                    .isLessThanOrEqualTo(CONCURRENCY);
            assertThat(counting.maxInFlight()).as("the limit is used, not undercut").isEqualTo(CONCURRENCY);
            for (Map.Entry<String, JsonNode> summary : Map.of("first", first, "second", second).entrySet()) {
                String job = summary.getKey();
                assertThat(summary.getValue().get("total").asInt()).as("%s total", job).isEqualTo(30);
                assertThat(summary.getValue().get("succeeded").asInt()).as("%s succeeded", job).isEqualTo(30);
                assertThat(errors(job)).as("%s errors", job).isEmpty();
                List<String> urls = urlsByFile.get(job);
                for (int line = 1; line <= 30; line++) {
                    assertThat(recordOfLine(job, line).get("url").asText()).as("%s line %d", job, line)
                            .isEqualTo(urls.get(line - 1));
                }
                assertThat(records(job)).as("%s holds only its own records", job).hasSize(30);
                for (String url : urls) {
                    String path = url.substring(url.indexOf("/fast/"));
                    assertThat(counting.startsOf(path)).as("requests to %s", path).hasSize(1);
                }
            }
        }
    }

    private void awaitDone(String... names) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> Stream.of(names)
                .allMatch(name -> Files.exists(inbox().resolve(".done").resolve(name))));
    }

    private static List<String> folderNames(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isDirectory).map(f -> f.getFileName().toString()).toList();
        }
    }

    private static List<String> requestedPaths() {
        return server.getAllServeEvents().stream().map(event -> event.getRequest().getUrl()).toList();
    }
}
