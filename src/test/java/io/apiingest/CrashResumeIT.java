package io.apiingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 3 from the outside: the packaged jar in a child JVM ({@code -Xmx256m}, a fresh working directory, the
 * settings bundled in the jar) is killed with SIGKILL, stopped with SIGTERM, or given an outbox it cannot write,
 * then started again. The files it leaves and the requests a local API saw must show every URL line recorded
 * exactly once and no recorded URL fetched again. Issue 11: the same for chains of pages and their items, a chain
 * going on after the restart at the page after its last one journaled done, as the API's counts per run show.
 * Failsafe runs it after {@code package}, from the project folder.
 */
class CrashResumeIT {

    static {
        // the JDK HttpServer otherwise leaves Nagle on, and each response can stall 40 ms on a delayed ACK
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private static final Duration RUN_LIMIT = Duration.ofSeconds(180);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PART = "part-\\d{5}\\.jsonl";

    @TempDir
    Path workDir;

    private final List<Process> children = new ArrayList<>();
    private LocalApi api;
    private ChainApi chains;

    @AfterEach
    void stop_every_child_process_and_the_api() throws InterruptedException {
        for (Process child : children) {
            if (child.isAlive()) {
                JarProcess.killTree(child);
            }
        }
        if (api != null) {
            api.close();
        }
        if (chains != null) {
            chains.close();
        }
    }

    @Test
    void should_resume_after_sigkill_with_every_line_recorded_exactly_once() throws Exception {
        api = new LocalApi(20);
        int concurrency = 8;
        int batchSize = 100;
        Input input = new Input();
        input.add("# orders, with failures spread through the file");
        input.add("");
        for (int n = 1; n <= 2000; n++) {
            input.add(api.url("/ok/" + n));
            if (n % 400 == 5) {
                input.add(api.url("/missing/" + n));
            }
            if (n % 700 == 3) {
                input.add("not a url " + n);
            }
        }
        input.dropAs(workDir.resolve("inbox/orders.txt"));
        assertThat(input.urlLines()).hasSize(2008);
        Path results = workDir.resolve("outbox/orders");
        String[] command = {"--ingest.once=true", "--ingest.concurrency=" + concurrency,
                "--ingest.batch-size=" + batchSize};

        JarProcess first = start("first", command);
        awaitWhileAlive(first, () -> Files.exists(results.resolve("part-00002.jsonl")));
        first.killOutright();
        assertThat(first.process().waitFor(60, TimeUnit.SECONDS)).as("the killed process is gone").isTrue();
        assertThat(first.process().exitValue()).as("killed by SIGKILL (128 + 9)").isEqualTo(137);

        Map<Long, String> recordedBeforeKill = recordsIn(results);
        Map<String, byte[]> completePartsBeforeKill = completeParts(results);
        assertThat(results.resolve("_SUMMARY.json")).as("killed mid-file, before its summary").doesNotExist();
        assertThat(recordedBeforeKill.size()).as("records on disk at the kill")
                .isGreaterThanOrEqualTo(2 * batchSize).isLessThan(input.urlLines().size());
        assertThat(workDir.resolve("inbox/orders.txt")).as("the input waits in the inbox").exists();

        JarProcess second = start("second", command);
        assertThat(awaitExit(second)).as("exit code of the restart; output:%n%s", second.output()).isZero();

        assertEveryUrlLineRecordedExactlyOnce(input, results, batchSize);
        assertSummary(results, "orders.txt", 2008, 2000, 8);
        assertThat(workDir.resolve("outbox/orders-2")).as("the restart resumed the folder, not a new one")
                .doesNotExist();
        assertThat(workDir.resolve("inbox/orders.txt")).doesNotExist();
        assertThat(workDir.resolve("inbox/.done/orders.txt")).hasContent(input.text());

        Map<Long, String> recordedAtTheEnd = recordsIn(results);
        for (Map.Entry<Long, String> before : recordedBeforeKill.entrySet()) {
            assertThat(recordedAtTheEnd.get(before.getKey()))
                    .as("a record on disk at the kill is kept as it was (line %d)", before.getKey())
                    .isEqualTo(before.getValue());
        }
        for (Map.Entry<String, byte[]> part : completePartsBeforeKill.entrySet()) {
            assertThat(results.resolve(part.getKey())).as("a part complete at the kill is never rewritten")
                    .hasBinaryContent(part.getValue());
        }

        // the server's view: a recorded URL is not fetched again; only the requests in flight at the kill repeat
        for (long line : recordedBeforeKill.keySet()) {
            String url = input.urlLines().get(line);
            if (url.startsWith("http")) {
                assertThat(api.requestsTo(url)).as("requests to %s, recorded before the kill", url).isEqualTo(1);
            }
        }
        List<String> repeated = new ArrayList<>();
        for (String url : input.urlLines().values()) {
            if (url.startsWith("http")) {
                assertThat(api.requestsTo(url)).as("requests to %s", url).isBetween(1, 2);
                if (api.requestsTo(url) == 2) {
                    repeated.add(url);
                }
            } else {
                assertThat(api.requestsTo(url)).as("a line that is not a URL is never requested").isZero();
            }
        }
        assertThat(repeated).as("URLs requested twice: at most the %d requests in flight at the kill", concurrency)
                .hasSizeLessThanOrEqualTo(concurrency);
    }

    @ParameterizedTest
    @ValueSource(strings = {"orders.jsonl", "orders.csv"})
    void should_resume_a_spec_or_csv_file_after_sigkill_with_every_request_recorded_exactly_once(String name)
            throws Exception {
        api = new LocalApi(20);
        int concurrency = 8;
        int batchSize = 100;
        boolean csv = name.endsWith(".csv");
        StringBuilder text = new StringBuilder(csv ? "url,id,note\n" : "# orders as request specs\n");
        long line = 1;
        Map<Long, String> urlOfLine = new TreeMap<>();
        Map<Long, String> idOfLine = new TreeMap<>();
        for (int n = 1; n <= 2000; n++) {
            String url = api.url("/ok/" + n);
            line++;
            urlOfLine.put(line, url);
            idOfLine.put(line, "r" + n);
            if (csv && n % 50 == 0) {
                // a quoted field over three lines: the rows after it are numbered by physical line all the same
                text.append(url).append(",r").append(n).append(",\"spans\nthree\nlines\"\n");
                line += 2;
            } else if (csv) {
                text.append(url).append(",r").append(n).append(",plain\n");
            } else {
                text.append("{\"url\": \"").append(url).append("\", \"id\": \"r").append(n)
                        .append("\", \"meta\": {\"n\": ").append(n).append("}}\n");
            }
            if (n % 400 == 7) {
                line++;
                urlOfLine.put(line, null);
                text.append(csv ? url + ",too,many,fields\n"
                        : "{\"url\": \"" + url + "\", \"methdo\": \"GET\"}\n");
            }
        }
        Path input = workDir.resolve("inbox/" + name);
        Files.createDirectories(input.getParent());
        Path aside = workDir.resolve(name + ".writing");
        Files.writeString(aside, text, StandardCharsets.UTF_8);
        Files.setLastModifiedTime(aside, FileTime.from(Instant.now().minusSeconds(5)));
        Files.move(aside, input);
        Path results = workDir.resolve("outbox/orders");
        String[] command = {"--ingest.once=true", "--ingest.concurrency=" + concurrency,
                "--ingest.batch-size=" + batchSize};

        JarProcess first = start("first", command);
        awaitWhileAlive(first, () -> Files.exists(results.resolve("part-00002.jsonl")));
        first.killOutright();
        assertThat(first.process().waitFor(60, TimeUnit.SECONDS)).as("the killed process is gone").isTrue();
        Map<Long, String> recordedBeforeKill = recordsIn(results);
        assertThat(recordedBeforeKill.size()).as("records on disk at the kill").isLessThan(urlOfLine.size());

        JarProcess second = start("second", command);
        assertThat(awaitExit(second)).as("exit code of the restart; output:%n%s", second.output()).isZero();

        Map<Long, String> records = recordsIn(results);
        assertThat(records.keySet()).as("recorded input lines").containsExactlyElementsOf(urlOfLine.keySet());
        for (Map.Entry<Long, String> record : records.entrySet()) {
            JsonNode parsed = JSON.readTree(record.getValue());
            String url = urlOfLine.get(record.getKey());
            if (url == null) {
                assertThat(parsed.get("attempts").asInt()).as("line %d is no request", record.getKey()).isZero();
                continue;
            }
            assertThat(parsed.get("url").asText()).as("url of line %d", record.getKey()).isEqualTo(url);
            assertThat(parsed.get("id").asText()).as("id of line %d", record.getKey())
                    .isEqualTo(idOfLine.get(record.getKey()));
        }
        for (Map.Entry<Long, String> before : recordedBeforeKill.entrySet()) {
            assertThat(records.get(before.getKey())).as("a record on disk at the kill is kept (line %d)",
                    before.getKey()).isEqualTo(before.getValue());
            String url = urlOfLine.get(before.getKey());
            if (url != null && JSON.readTree(before.getValue()).get("attempts").asInt() > 0) {
                assertThat(api.requestsTo(url)).as("requests to %s, recorded before the kill", url).isEqualTo(1);
            }
        }
        long repeated = urlOfLine.values().stream().filter(url -> url != null && api.requestsTo(url) == 2).count();
        assertThat(repeated).as("URLs requested twice: at most the requests in flight at the kill")
                .isLessThanOrEqualTo(concurrency);
        assertSummary(results, name, 2005, 2000, 5);
        assertThat(workDir.resolve("inbox/.done/" + name)).hasContent(text.toString());
    }

    @Test
    void should_stop_at_once_on_sigterm_while_urls_wait_in_line_for_a_low_rate() throws Exception {
        api = new LocalApi(0);
        int batchSize = 5;
        Input input = new Input();
        for (int n = 1; n <= 20; n++) {
            // a redirect's second request waits in line too, inside the HTTP client
            input.add(api.url((n % 2 == 0 ? "/moved/" : "/ok/") + n));
        }
        input.dropAs(workDir.resolve("inbox/orders.txt"));
        Path results = workDir.resolve("outbox/orders");

        // one start every 2 s: the other nine attempts holding a slot wait in line for up to 18 s
        JarProcess first = start("first", "--ingest.rate=0.5", "--ingest.concurrency=10",
                "--ingest.batch-size=" + batchSize);
        awaitWhileAlive(first, () -> Files.exists(results) && !recordsIn(results).isEmpty());
        long stopped = System.nanoTime();
        first.process().destroy();
        assertThat(first.process().waitFor(90, TimeUnit.SECONDS)).as("stops; output:%n%s", first.output()).isTrue();

        assertThat(Duration.ofNanos(System.nanoTime() - stopped)).as("waiting in line is not waited out")
                .isLessThan(Duration.ofSeconds(10));
        assertThat(first.process().exitValue()).as("exit code after SIGTERM; output:%n%s", first.output()).isZero();
        Map<Long, String> recordedAtStop = recordsIn(results);
        assertThat(recordedAtStop.size()).as("stopped mid-file").isLessThan(20);

        JarProcess second = start("second", "--ingest.once=true", "--ingest.batch-size=" + batchSize);
        assertThat(awaitExit(second)).as("exit code of the restart; output:%n%s", second.output()).isZero();

        assertEveryUrlLineRecordedExactlyOnce(input, results, batchSize);
        assertSummary(results, "orders.txt", 20, 20, 0);
        for (String url : input.urlLines().values()) {
            if (url.contains("/moved/")) {
                // its first request may have gone out before the stop, and its redirect not: then it is sent again
                assertThat(api.requestsTo(url)).as("requests to %s", url).isBetween(1, 2);
            } else {
                assertThat(api.requestsTo(url)).as("requests to %s: the ones waiting in line were never sent", url)
                        .isEqualTo(1);
            }
        }
    }

    @Test
    void should_stop_gracefully_on_sigterm_and_resume_on_next_start() throws Exception {
        api = new LocalApi(200);
        int batchSize = 50;
        Input input = new Input();
        for (int n = 1; n <= 300; n++) {
            input.add(api.url("/ok/" + n));
        }
        input.dropAs(workDir.resolve("inbox/orders.txt"));
        Path results = workDir.resolve("outbox/orders");

        JarProcess first = start("first", "--ingest.concurrency=4", "--ingest.batch-size=" + batchSize);
        awaitWhileAlive(first, () -> Files.exists(results.resolve("part-00001.jsonl")));
        first.process().destroy();
        assertThat(first.process().waitFor(90, TimeUnit.SECONDS)).as("stops within the shutdown timeout; output:%n%s",
                first.output()).isTrue();

        assertThat(first.process().exitValue()).as("exit code after SIGTERM; output:%n%s", first.output()).isZero();
        assertThat(workDir.resolve("inbox/orders.txt")).as("the input stays in the inbox").hasContent(input.text());
        assertThat(workDir.resolve("inbox/.done/orders.txt")).doesNotExist();
        assertThat(results.resolve("_SUMMARY.json")).as("a stopped file has no summary").doesNotExist();
        Map<Long, String> recordedAtStop = recordsIn(results);
        assertThat(recordedAtStop.size()).as("stopped mid-file").isLessThan(300);
        assertThat(api.undeliveredResponses()).as("responses the app hung up on: in-flight requests finish")
                .isZero();
        Set<String> recordedUrls = recordedAtStop.keySet().stream().map(input.urlLines()::get)
                .collect(Collectors.toSet());
        assertThat(api.requestedPaths().stream().map(api::url).collect(Collectors.toSet()))
                .as("every request answered before the stop is recorded").isEqualTo(recordedUrls);
        Map<String, byte[]> completePartsAtStop = completeParts(results);

        JarProcess second = start("second", "--ingest.once=true", "--ingest.concurrency=4",
                "--ingest.batch-size=" + batchSize);
        assertThat(awaitExit(second)).as("exit code of the restart; output:%n%s", second.output()).isZero();

        assertEveryUrlLineRecordedExactlyOnce(input, results, batchSize);
        assertSummary(results, "orders.txt", 300, 300, 0);
        assertThat(workDir.resolve("inbox/.done/orders.txt")).hasContent(input.text());
        assertThat(workDir.resolve("outbox/orders-2")).doesNotExist();
        for (Map.Entry<String, byte[]> part : completePartsAtStop.entrySet()) {
            assertThat(results.resolve(part.getKey())).hasBinaryContent(part.getValue());
        }
        for (String url : input.urlLines().values()) {
            assertThat(api.requestsTo(url)).as("requests to %s: a graceful stop repeats none", url).isEqualTo(1);
        }
    }

    @Test
    void should_fail_the_file_when_its_folder_cannot_be_written_mid_run_and_resume_it_next_time() throws Exception {
        api = new LocalApi(20);
        int batchSize = 20;
        Input input = new Input();
        for (int n = 1; n <= 300; n++) {
            input.add(api.url("/ok/" + n));
        }
        input.dropAs(workDir.resolve("inbox/orders.txt"));
        Path results = workDir.resolve("outbox/orders");
        Path aside = workDir.resolve("outbox-aside");
        String[] command = {"--ingest.once=true", "--ingest.concurrency=4", "--ingest.batch-size=" + batchSize};

        // the folder goes away under the running job (a disk taken away, a clean-up script): completing the next
        // part fails, as a full disk or a read-only folder would make it
        JarProcess first = start("first", command);
        awaitWhileAlive(first, () -> Files.exists(results.resolve("part-00001.jsonl")));
        Files.move(results, aside);
        int firstExit = awaitExit(first);

        assertThat(firstExit).as("exit code; output:%n%s", first.output()).isEqualTo(1);
        assertThat(first.outputLines()).as("an ERROR naming the file and the cause; output:%n%s", first.output())
                .anyMatch(line -> line.contains("ERROR") && line.contains("orders.txt: could not be finished")
                        && line.contains("cannot write to"));
        assertThat(workDir.resolve("inbox/orders.txt")).as("the input stays").hasContent(input.text());
        assertThat(workDir.resolve("outbox/orders-2")).as("not taken again into a new folder").doesNotExist();

        Files.move(aside, results, StandardCopyOption.REPLACE_EXISTING);
        JarProcess second = start("second", command);
        assertThat(awaitExit(second)).as("exit code of the next run; output:%n%s", second.output()).isZero();

        assertEveryUrlLineRecordedExactlyOnce(input, results, batchSize);
        assertSummary(results, "orders.txt", 300, 300, 0);
        assertThat(workDir.resolve("outbox/orders-2")).doesNotExist();
    }

    @Test
    void should_keep_the_input_and_exit_1_when_the_outbox_cannot_be_written() throws Exception {
        api = new LocalApi(0);
        Input input = new Input();
        for (int n = 1; n <= 5; n++) {
            input.add(api.url("/ok/" + n));
        }
        input.dropAs(workDir.resolve("inbox/orders.txt"));
        Path outbox = workDir.resolve("outbox");
        Files.writeString(outbox, "a file where the outbox folder should be\n");

        JarProcess blocked = start("blocked", "--ingest.once=true");
        int blockedExit = awaitExit(blocked);

        assertThat(blockedExit).as("exit code; output:%n%s", blocked.output()).isEqualTo(1);
        assertThat(workDir.resolve("inbox/orders.txt")).as("the input stays").hasContent(input.text());
        assertThat(workDir.resolve("inbox/.done")).doesNotExist();
        assertThat(workDir.resolve("inbox/.error")).doesNotExist();
        assertThat(blocked.outputLines()).as("an ERROR naming the input; output:%n%s", blocked.output())
                .anyMatch(line -> line.contains("ERROR") && line.contains("orders.txt"));
        assertThat(blocked.output()).as("the stop says a file is left for the next run")
                .contains("1 file(s) could not be finished and stay in the inbox for the next run")
                .doesNotContain("every file is done");
        assertThat(api.requestedPaths()).as("nothing is fetched that could not be recorded").isEmpty();

        Files.delete(outbox);
        Files.createDirectory(outbox);
        JarProcess fixed = start("fixed", "--ingest.once=true");
        assertThat(awaitExit(fixed)).as("exit code once fixed; output:%n%s", fixed.output()).isZero();

        assertEveryUrlLineRecordedExactlyOnce(input, outbox.resolve("orders"), 1000);
        assertSummary(outbox.resolve("orders"), "orders.txt", 5, 5, 0);
        assertThat(workDir.resolve("inbox/.done/orders.txt")).hasContent(input.text());
    }

    @Test
    void should_keep_the_input_and_exit_1_when_the_outbox_breaks_after_start() throws Exception {
        api = new LocalApi(0);
        Input input = new Input();
        for (int n = 1; n <= 5; n++) {
            input.add(api.url("/ok/" + n));
        }
        Path dropped = workDir.resolve("inbox/orders.txt");
        input.dropAs(dropped);
        // a date ahead of the clock holds the file back (it looks still written to) until the outbox is broken
        Files.setLastModifiedTime(dropped, FileTime.from(Instant.now().plusSeconds(60)));
        Path outbox = workDir.resolve("outbox");

        JarProcess blocked = start("blocked", "--ingest.once=true");
        awaitWhileAlive(blocked, () -> Files.isDirectory(outbox));
        Files.delete(outbox);
        Files.writeString(outbox, "a file where the outbox folder should be\n");
        Files.setLastModifiedTime(dropped, FileTime.from(Instant.now().minusSeconds(5)));
        int blockedExit = awaitExit(blocked);

        assertThat(blockedExit).as("exit code; output:%n%s", blocked.output()).isEqualTo(1);
        assertThat(dropped).as("the input stays").hasContent(input.text());
        assertThat(workDir.resolve("inbox/.done")).doesNotExist();
        assertThat(workDir.resolve("inbox/.error")).doesNotExist();
        assertThat(blocked.outputLines()).as("an ERROR naming the input; output:%n%s", blocked.output())
                .anyMatch(line -> line.contains("ERROR") && line.contains("orders.txt"));

        Files.delete(outbox);
        Files.createDirectory(outbox);
        JarProcess fixed = start("fixed", "--ingest.once=true");
        assertThat(awaitExit(fixed)).as("exit code once fixed; output:%n%s", fixed.output()).isZero();

        assertEveryUrlLineRecordedExactlyOnce(input, outbox.resolve("orders"), 1000);
        assertSummary(outbox.resolve("orders"), "orders.txt", 5, 5, 0);
        assertThat(workDir.resolve("inbox/.done/orders.txt")).hasContent(input.text());
    }

    @Test
    void should_take_the_input_again_once_the_outbox_can_be_written_without_a_restart() throws Exception {
        api = new LocalApi(0);
        Input input = new Input();
        for (int n = 1; n <= 5; n++) {
            input.add(api.url("/ok/" + n));
        }
        Path outbox = workDir.resolve("outbox");
        Files.createDirectories(workDir.resolve("inbox"));

        JarProcess watching = start("watching");
        awaitWhileAlive(watching, () -> Files.isDirectory(outbox));
        Files.delete(outbox);
        Files.writeString(outbox, "a file where the outbox folder should be\n");
        Path dropped = workDir.resolve("inbox/orders.txt");
        input.dropAs(dropped);
        awaitWhileAlive(watching, () -> watching.outputLines().stream()
                .anyMatch(line -> line.contains("ERROR") && line.contains("orders.txt")));
        assertThat(dropped).as("the input stays while the outbox is broken").hasContent(input.text());

        Files.delete(outbox);
        Files.createDirectory(outbox);
        awaitWhileAlive(watching, () -> Files.exists(workDir.resolve("inbox/.done/orders.txt")));

        assertEveryUrlLineRecordedExactlyOnce(input, outbox.resolve("orders"), 1000);
        assertSummary(outbox.resolve("orders"), "orders.txt", 5, 5, 0);
        watching.process().destroy();
        assertThat(awaitExit(watching)).as("exit code after SIGTERM; output:%n%s", watching.output()).isZero();
    }


    @Test
    void should_not_wait_out_a_retry_after_when_stopped() throws Exception {
        api = new LocalApi(100);
        Input input = new Input();
        input.add(api.url("/later/1"));
        input.add(api.url("/later/2"));
        for (int n = 1; n <= 100; n++) {
            input.add(api.url("/ok/" + n));
        }
        input.dropAs(workDir.resolve("inbox/orders.txt"));
        Path results = workDir.resolve("outbox/orders");

        JarProcess first = start("first", "--ingest.concurrency=2", "--ingest.retry.max-delay-ms=120000");
        awaitWhileAlive(first, () -> api.requestsTo(api.url("/later/1")) == 1
                && api.requestsTo(api.url("/later/2")) == 1 && recordsIn(results).size() >= 5);
        long stoppedAt = System.nanoTime();
        first.process().destroy();

        assertThat(first.process().waitFor(90, TimeUnit.SECONDS)).isTrue();
        // waiting out the server's Retry-After would take two minutes
        assertThat(Duration.ofNanos(System.nanoTime() - stoppedAt)).isLessThan(Duration.ofSeconds(30));
        assertThat(first.process().exitValue()).as("exit code after SIGTERM; output:%n%s", first.output()).isZero();
        assertThat(workDir.resolve("inbox/orders.txt")).as("the input stays in the inbox").hasContent(input.text());
        assertThat(api.requestsTo(api.url("/later/1"))).as("no retry is sent once stopping").isEqualTo(1);
        assertThat(api.requestsTo(api.url("/later/2"))).isEqualTo(1);
        assertThat(recordsIn(results).values()).as("the waiting lines stay unrecorded, for the next start")
                .noneMatch(url -> url.contains("/later/"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"link-header", "next-url"})
    void should_resume_each_chain_after_sigkill_at_its_next_page_with_every_page_recorded_exactly_once(String type)
            throws Exception {
        int lines = 20;
        int pages = 30;
        int concurrency = 4;
        int batchSize = 100;
        String kind = type.equals("link-header") ? "links" : "next";
        chains = new ChainApi(pages, page -> 0, 0);
        Input input = new Input();
        for (int line = 1; line <= lines; line++) {
            input.add(chains.url(ChainApi.page(kind, line, 1)));
        }
        input.dropAs(workDir.resolve("inbox/orders.txt"));
        Path results = workDir.resolve("outbox/orders");
        List<String> command = new ArrayList<>(List.of("--ingest.once=true", "--ingest.concurrency=" + concurrency,
                "--ingest.batch-size=" + batchSize, "--ingest.paginate.type=" + type));
        if (type.equals("next-url")) {
            command.add("--ingest.paginate.next-path=/next");
        }

        JarProcess first = startRun("first", command);
        awaitWhileAlive(first, () -> journalLines(results) >= lines * pages / 3);
        Snapshot atKill = kill(first, results);

        assertThat(atKill.journaled().values()).as("the kill lands mid-chain: chains with pages done and more to come")
                .anyMatch(done -> done >= 2 && done < pages);
        assertThat(atKill.records()).as("records on disk at the kill").hasSizeLessThan(lines * pages);

        JarProcess second = startRun("second", command);
        assertThat(awaitExit(second)).as("exit code of the restart; output:%n%s", second.output()).isZero();

        Map<Key, String> records = recordsByKey(results);
        Set<Key> expected = new java.util.HashSet<>();
        for (long line = 1; line <= lines; line++) {
            for (int page = 1; page <= pages; page++) {
                expected.add(new Key(line, page, NO_ITEM));
            }
        }
        assertExactlyTheseKeys(records.keySet(), expected);
        for (Map.Entry<Key, String> record : records.entrySet()) {
            Key key = record.getKey();
            JsonNode parsed = JSON.readTree(record.getValue());
            assertThat(parsed.get("url").asText()).as("url of %s", key)
                    .isEqualTo(chains.url(ChainApi.page(kind, key.line(), key.page())));
            assertThat(parsed.get("status").asInt()).as("status of %s", key).isEqualTo(200);
            assertThat(parsed.get("body").get("line").asLong()).as("body of %s", key).isEqualTo(key.line());
            assertThat(parsed.get("body").get("page").asInt()).as("body of %s", key).isEqualTo(key.page());
        }
        assertKeptAsAtTheKill(atKill, results);
        assertChainSummary(results, "orders.txt", lines, lines * pages, lines * pages, 0);
        assertThat(workDir.resolve("outbox/orders-2")).as("the restart resumed the folder").doesNotExist();
        assertThat(workDir.resolve("inbox/.done/orders.txt")).hasContent(input.text());
        assertEachChainWentOnAtItsNextPage(kind, lines, pages, atKill.journaled(), concurrency);
    }

    @ParameterizedTest
    @ValueSource(strings = {"next-url", "page"})
    void should_resume_items_after_sigkill_with_every_item_recorded_exactly_once(String type) throws Exception {
        int lines = 12;
        int pages = 20;
        int perPage = 50;
        int onLastPage = 30; // a short last page: what ends a chain of the page paginator with a limit
        int concurrency = 4;
        int batchSize = 500;
        chains = new ChainApi(pages, page -> page < pages ? perPage : onLastPage, 0);
        // the first run gets 20 items of line 1's page 5, then nothing more: the kill lands with that page half
        // written and not done
        String held = ChainApi.page("items", 1, 5);
        chains.holdAfter("first", held, 20);
        Input input = new Input();
        for (int line = 1; line <= lines; line++) {
            input.add(chains.url(ChainApi.page("items", line, 1)));
        }
        input.dropAs(workDir.resolve("inbox/orders.txt"));
        Path results = workDir.resolve("outbox/orders");
        List<String> command = new ArrayList<>(List.of("--ingest.once=true", "--ingest.concurrency=" + concurrency,
                "--ingest.batch-size=" + batchSize, "--ingest.items-path=/data", "--ingest.paginate.type=" + type));
        if (type.equals("next-url")) {
            command.add("--ingest.paginate.next-path=/next");
        } else {
            command.addAll(List.of("--ingest.paginate.page-param=page", "--ingest.paginate.limit=" + perPage));
        }

        JarProcess first = startRun("first", command);
        awaitWhileAlive(first, () -> journalLines(results) >= lines * pages / 4
                && keysOnDisk(results).contains(new Key(1, 5, 19)));
        Snapshot atKill = kill(first, results);
        assertThat(atKill.journaled().values()).as("the kill lands mid-chain")
                .anyMatch(done -> done >= 2 && done < pages);
        assertThat(atKill.journaled()).as("line 1's chain at the kill: page 4 done, page 5 under way")
                .containsEntry(1L, 4);
        assertThat(atKill.records().keySet().stream().filter(key -> key.line() == 1 && key.page() == 5))
                .as("items of the held page on disk at the kill").hasSize(20);

        JarProcess second = startRun("second", command);
        assertThat(awaitExit(second)).as("exit code of the restart; output:%n%s", second.output()).isZero();

        int itemsPerChain = (pages - 1) * perPage + onLastPage;
        Map<Key, String> records = recordsByKey(results);
        Set<Key> expected = new java.util.HashSet<>();
        for (long line = 1; line <= lines; line++) {
            for (int page = 1; page <= pages; page++) {
                for (long item = 0; item < (page < pages ? perPage : onLastPage); item++) {
                    expected.add(new Key(line, page, item));
                }
            }
        }
        assertExactlyTheseKeys(records.keySet(), expected);
        for (Map.Entry<Key, String> record : records.entrySet()) {
            Key key = record.getKey();
            JsonNode body = JSON.readTree(record.getValue()).get("body");
            assertThat(List.of(body.get("line").asLong(), body.get("page").asLong(), body.get("n").asLong()))
                    .as("body of %s: the item of that page", key)
                    .containsExactly(key.line(), (long) key.page(), key.item());
        }
        assertKeptAsAtTheKill(atKill, results);
        assertThat(chains.requests("second", held)).as("the half-written page is fetched again").isEqualTo(1);
        assertChainSummary(results, "orders.txt", lines, lines * itemsPerChain, lines * pages,
                lines * itemsPerChain);
        assertEachChainWentOnAtItsNextPage("items", lines, pages, atKill.journaled(), concurrency);
    }

    @Test
    void should_fetch_again_a_large_items_page_cut_by_sigkill_and_write_no_item_twice() throws Exception {
        int bigPage = 200_000;
        int lastPage = 3;
        // page 1 comes 1000 items at a time, 10 ms apart: two seconds or more for the whole page
        chains = new ChainApi(2, page -> page == 1 ? bigPage : lastPage, 10);
        Input input = new Input();
        input.add(chains.url(ChainApi.page("items", 1, 1)));
        input.dropAs(workDir.resolve("inbox/big.txt"));
        Path results = workDir.resolve("outbox/big");
        List<String> command = List.of("--ingest.once=true", "--ingest.concurrency=2", "--ingest.batch-size=20000",
                "--ingest.items-path=/data", "--ingest.paginate.type=next-url", "--ingest.paginate.next-path=/next");
        String page1 = ChainApi.page("items", 1, 1);

        JarProcess first = startRun("first", command);
        // about 150 bytes a record: some 25,000 items of the page are on disk
        awaitWhileAlive(first, () -> recordBytes(results) >= 4_000_000);
        Snapshot atKill = kill(first, results);

        assertThat(atKill.journaled()).as("the big page is not done at the kill").isEmpty();
        assertThat(atKill.records().keySet()).as("items of the big page on disk at the kill")
                .allMatch(key -> key.line() == 1 && key.page() == 1)
                .hasSizeBetween(1, bigPage - 1);
        assertThat(chains.requests("first", page1)).isEqualTo(1);

        JarProcess second = startRun("second", command);
        assertThat(awaitExit(second)).as("exit code of the restart; output:%n%s", second.output()).isZero();

        Map<Key, String> records = recordsByKey(results);
        Set<Key> expected = new java.util.HashSet<>();
        for (long item = 0; item < bigPage; item++) {
            expected.add(new Key(1, 1, item));
        }
        for (long item = 0; item < lastPage; item++) {
            expected.add(new Key(1, 2, item));
        }
        assertExactlyTheseKeys(records.keySet(), expected);
        assertKeptAsAtTheKill(atKill, results);
        assertThat(chains.requests("second", page1)).as("the cut page is fetched again after the restart")
                .isEqualTo(1);
        assertThat(chains.requests("first", ChainApi.page("items", 1, 2))).isZero();
        assertThat(chains.requests("second", ChainApi.page("items", 1, 2))).isEqualTo(1);
        assertChainSummary(results, "big.txt", 1, bigPage + lastPage, 2, bigPage + lastPage);
    }

    /** What the killed run left: its records by key, its complete parts, and each chain's last page journaled. */
    private record Snapshot(Map<Key, String> records, Map<String, byte[]> completeParts,
                            Map<Long, Integer> journaled) {
    }

    private JarProcess startRun(String run, List<String> command) throws IOException {
        List<String> settings = new ArrayList<>(command);
        // tells the API which run sent a request: requests still arriving from a killed run are not the restart's
        settings.add("--ingest.request.headers.X-Run=" + run);
        return start(run, settings.toArray(String[]::new));
    }

    private Snapshot kill(JarProcess run, Path results) throws Exception {
        run.killOutright();
        assertThat(run.process().waitFor(60, TimeUnit.SECONDS)).as("the killed process is gone").isTrue();
        assertThat(run.process().exitValue()).as("killed by SIGKILL (128 + 9)").isEqualTo(137);
        assertThat(results.resolve("_SUMMARY.json")).as("killed mid-file, before its summary").doesNotExist();
        return new Snapshot(recordsByKey(results), completeParts(results), journaledPages(results));
    }

    private static void assertKeptAsAtTheKill(Snapshot atKill, Path results) throws IOException {
        Map<Key, String> atTheEnd = recordsByKey(results);
        List<Key> changed = atKill.records().entrySet().stream()
                .filter(before -> !before.getValue().equals(atTheEnd.get(before.getKey())))
                .map(Map.Entry::getKey).sorted().limit(20).toList();
        assertThat(changed).as("records on disk at the kill that are not kept byte for byte (first 20)").isEmpty();
        for (Map.Entry<String, byte[]> part : atKill.completeParts().entrySet()) {
            assertThat(results.resolve(part.getKey())).as("a part complete at the kill is never rewritten")
                    .hasBinaryContent(part.getValue());
        }
        List<String> names = fileNames(results);
        assertThat(names).as("files in %s at the end", results).allMatch(name -> name.matches(PART)
                || name.equals("errors.jsonl") || name.equals("_SUMMARY.json") || name.equals(".pages.jsonl"));
    }

    private static void assertExactlyTheseKeys(Set<Key> recorded, Set<Key> expected) {
        List<Key> missing = expected.stream().filter(key -> !recorded.contains(key)).sorted().limit(20).toList();
        List<Key> extra = recorded.stream().filter(key -> !expected.contains(key)).sorted().limit(20).toList();
        assertThat(missing).as("records missing (first 20)").isEmpty();
        assertThat(extra).as("records that should not be there (first 20)").isEmpty();
        assertThat(recorded).hasSameSizeAs(expected);
    }

    /**
     * The server's view across both runs: a chain whose page k was journaled done before the kill is not asked
     * for pages 1..k again; the restart asks for each page after k once; a page asked for by both runs is the one
     * in flight at the kill (page k + 1), and there are at most {@code concurrency} of them.
     */
    private void assertEachChainWentOnAtItsNextPage(String kind, int lines, int pages,
            Map<Long, Integer> journaledAtKill, int concurrency) {
        List<String> repeated = new ArrayList<>();
        for (long line = 1; line <= lines; line++) {
            int done = journaledAtKill.getOrDefault(line, 0);
            for (int page = 1; page <= pages; page++) {
                String path = ChainApi.page(kind, line, page);
                int first = chains.requests("first", path);
                int second = chains.requests("second", path);
                if (page <= done) {
                    assertThat(first).as("first run's requests to %s, journaled done", path).isEqualTo(1);
                    assertThat(second).as("requests to %s after the restart: line %d had pages 1..%d journaled "
                            + "done at the kill", path, line, done).isZero();
                } else {
                    assertThat(second).as("requests to %s after the restart: line %d goes on at page %d", path,
                            line, done + 1).isEqualTo(1);
                    if (page > done + 1) {
                        assertThat(first).as("first run's requests to %s: a chain asks for a page only after the "
                                + "one before it is done, and line %d had done page %d", path, line, done).isZero();
                    } else {
                        assertThat(first).as("first run's requests to %s", path).isBetween(0, 1);
                    }
                    if (first == 1) {
                        repeated.add(path);
                    }
                }
            }
        }
        assertThat(repeated).as("pages requested by both runs: at most the %d in flight at the kill", concurrency)
                .hasSizeLessThanOrEqualTo(concurrency);
        assertThat(chains.unknownRequests()).as("requests to anything but a chain's pages").isZero();
    }

    private static void assertChainSummary(Path results, String file, long lines, long records, long pages,
            long items) throws IOException {
        JsonNode summary = JSON.readTree(results.resolve("_SUMMARY.json").toFile());
        assertThat(summary.get("file").asText()).isEqualTo(file);
        assertThat(summary.get("total").asLong()).as("total: input lines").isEqualTo(lines);
        assertThat(summary.get("succeeded").asLong()).as("succeeded: lines whose whole chain did").isEqualTo(lines);
        assertThat(summary.get("failed").asLong()).as("failed").isZero();
        assertThat(summary.get("records").asLong()).as("records").isEqualTo(records);
        assertThat(summary.get("errors").asLong()).as("errors").isZero();
        assertThat(summary.get("pages").asLong()).as("pages").isEqualTo(pages);
        assertThat(summary.get("items").asLong()).as("items").isEqualTo(items);
        assertThat(summary.get("truncated").asLong()).as("truncated").isZero();
        assertThat(summary.get("retries").asLong()).as("retries: a page fetched again is no retry").isZero();
        assertThat(summary.path("statusCounts").path("200").asLong()).as("statusCounts 200: one per page")
                .isEqualTo(pages);
        long inParts = 0;
        for (String name : fileNames(results)) {
            if (name.matches(PART)) {
                inParts += completeLines(results.resolve(name)).size();
            }
        }
        assertThat(inParts).as("records in the part files").isEqualTo(records);
        assertThat(completeLines(results.resolve("errors.jsonl"))).as("error records").isEmpty();
    }

    private static final long NO_ITEM = -1;

    /** A record's key: (line), (line, page) or (line, page, item); page 0 and item -1 when absent. */
    private record Key(long line, int page, long item) implements Comparable<Key> {
        @Override
        public int compareTo(Key other) {
            int byLine = Long.compare(line, other.line);
            int byPage = Integer.compare(page, other.page);
            return byLine != 0 ? byLine : byPage != 0 ? byPage : Long.compare(item, other.item);
        }
    }

    /**
     * Every record in an output folder, finished or not (part files, the hidden open part, errors), by key; a key
     * found twice fails at once. Only lines that end in a newline count: a torn last line is not a record.
     */
    private static Map<Key, String> recordsByKey(Path results) throws IOException {
        Map<Key, String> records = new HashMap<>();
        for (String name : fileNames(results)) {
            if (name.matches("\\.?part-\\d{5}\\.jsonl(\\.tmp)?") || name.matches("\\.?errors\\.jsonl(\\.tmp)?")) {
                for (String line : completeLines(results.resolve(name))) {
                    JsonNode head = JSON.readTree(line);
                    Key key = new Key(head.get("line").asLong(), head.path("page").asInt(0),
                            head.path("item").asLong(NO_ITEM));
                    String earlier = records.put(key, line);
                    if (earlier != null) {
                        fail("%s recorded twice:%n%s%n%s", key, earlier, line);
                    }
                }
            }
        }
        return records;
    }

    /**
     * The keys of the records on disk while the app runs: a part completed under the listing's feet is read on the
     * next poll.
     */
    private static Set<Key> keysOnDisk(Path results) throws IOException {
        Set<Key> keys = new java.util.HashSet<>();
        try {
            for (String name : fileNames(results)) {
                if (name.matches("\\.?part-\\d{5}\\.jsonl(\\.tmp)?")) {
                    for (String line : completeLines(results.resolve(name))) {
                        JsonNode head = JSON.readTree(line);
                        keys.add(new Key(head.get("line").asLong(), head.path("page").asInt(0),
                                head.path("item").asLong(NO_ITEM)));
                    }
                }
            }
        } catch (java.nio.file.NoSuchFileException renamed) {
            return Set.of();
        }
        return keys;
    }

    /** The last page journaled done (.pages.jsonl) of each line, from its complete lines. */
    private static Map<Long, Integer> journaledPages(Path results) throws IOException {
        Map<Long, Integer> done = new HashMap<>();
        Path journal = results.resolve(".pages.jsonl");
        if (Files.exists(journal)) {
            for (String line : completeLines(journal)) {
                JsonNode page = JSON.readTree(line);
                done.merge(page.get("line").asLong(), page.get("page").asInt(), Math::max);
            }
        }
        return done;
    }

    private static long journalLines(Path results) throws IOException {
        Path journal = results.resolve(".pages.jsonl");
        if (!Files.exists(journal)) {
            return 0;
        }
        byte[] bytes = Files.readAllBytes(journal);
        long lines = 0;
        for (byte b : bytes) {
            if (b == '\n') {
                lines++;
            }
        }
        return lines;
    }

    /** Bytes in the folder's part files, complete and open. */
    private static long recordBytes(Path results) throws IOException {
        long bytes = 0;
        for (String name : fileNames(results)) {
            if (name.matches("\\.?part-\\d{5}\\.jsonl(\\.tmp)?")) {
                try {
                    bytes += Files.size(results.resolve(name));
                } catch (java.nio.file.NoSuchFileException renamed) {
                    // the open part was just completed: counted on the next poll
                }
            }
        }
        return bytes;
    }

    private void assertEveryUrlLineRecordedExactlyOnce(Input input, Path results, int batchSize) throws IOException {
        List<String> names = fileNames(results);
        assertThat(names).as("files in %s: parts, errors.jsonl and the summary; nothing hidden or temporary",
                results).allMatch(name -> name.matches(PART) || name.equals("errors.jsonl")
                        || name.equals("_SUMMARY.json"));
        List<String> parts = names.stream().filter(name -> name.matches(PART)).sorted().toList();
        for (int i = 0; i < parts.size(); i++) {
            assertThat(parts.get(i)).as("part numbers run from 1 with none missing")
                    .isEqualTo(String.format("part-%05d.jsonl", i + 1));
            assertThat(completeLines(results.resolve(parts.get(i)))).as("lines in %s", parts.get(i))
                    .hasSizeBetween(1, batchSize);
        }
        Map<Long, String> records = recordsIn(results);
        assertThat(records.keySet()).as("recorded input lines").containsExactlyInAnyOrderElementsOf(
                input.urlLines().keySet());
        for (Map.Entry<Long, String> record : records.entrySet()) {
            assertThat(JSON.readTree(record.getValue()).get("url").asText()).as("url of line %d", record.getKey())
                    .isEqualTo(input.urlLines().get(record.getKey()));
        }
    }

    private static void assertSummary(Path results, String file, long total, long succeeded, long failed)
            throws IOException {
        JsonNode summary = JSON.readTree(results.resolve("_SUMMARY.json").toFile());
        assertThat(summary.get("file").asText()).isEqualTo(file);
        assertThat(summary.get("total").asLong()).as("total").isEqualTo(total);
        assertThat(summary.get("succeeded").asLong()).as("succeeded").isEqualTo(succeeded);
        assertThat(summary.get("failed").asLong()).as("failed").isEqualTo(failed);
        long inParts = 0;
        for (String name : fileNames(results)) {
            if (name.matches(PART)) {
                inParts += completeLines(results.resolve(name)).size();
            }
        }
        assertThat(inParts).as("success records in the part files").isEqualTo(succeeded);
        assertThat(completeLines(results.resolve("errors.jsonl"))).as("error records").hasSize((int) failed);
    }

    /**
     * Every record in an output folder, finished or not (part files, the hidden open part, errors), by input
     * line. Only lines that end in a newline count: a torn last line is not a record.
     */
    private static Map<Long, String> recordsIn(Path results) throws IOException {
        Map<Long, String> records = new TreeMap<>();
        for (String name : fileNames(results)) {
            if (name.matches("\\.?part-\\d{5}\\.jsonl(\\.tmp)?") || name.matches("\\.?errors\\.jsonl(\\.tmp)?")) {
                for (String line : completeLines(results.resolve(name))) {
                    long number = JSON.readTree(line).get("line").asLong();
                    String earlier = records.put(number, line);
                    assertThat(earlier).as("line %d recorded twice: %s and %s", number, earlier, line).isNull();
                }
            }
        }
        return records;
    }

    private static Map<String, byte[]> completeParts(Path results) throws IOException {
        Map<String, byte[]> parts = new LinkedHashMap<>();
        for (String name : fileNames(results)) {
            if (name.matches(PART)) {
                parts.put(name, Files.readAllBytes(results.resolve(name)));
            }
        }
        return parts;
    }

    private static List<String> completeLines(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        int end = text.lastIndexOf('\n');
        return end < 0 ? List.of() : List.of(text.substring(0, end).split("\n", -1));
    }

    private static List<String> fileNames(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }


    /** Starts the jar as run NAME; none of the runs holds the metrics port, as they may overlap. */
    private JarProcess start(String runName, String... settings) throws IOException {
        List<String> arguments = new ArrayList<>(List.of("--ingest.metrics.port=0"));
        arguments.addAll(List.of(settings));
        JarProcess child = JarProcess.start(workDir, runName, List.of("-Xmx256m"), arguments);
        children.add(child.process());
        return child;
    }

    private static int awaitExit(JarProcess child) throws InterruptedException {
        return child.awaitExit(RUN_LIMIT);
    }

    /** Waits for what the running app is expected to do; fails at once, with its output, if it exits first. */
    private static void awaitWhileAlive(JarProcess child, java.util.concurrent.Callable<Boolean> condition) {
        await().atMost(RUN_LIMIT).pollInterval(Duration.ofMillis(10))
                .failFast(() -> {
                    if (!child.process().isAlive()) {
                        fail("api-ingest exited early (code %d); output:%n%s", child.process().exitValue(),
                                child.output());
                    }
                })
                .until(condition);
    }


    /** An input file being composed: its lines, and the URL lines among them by 1-based physical number. */
    private static final class Input {
        private final List<String> lines = new ArrayList<>();
        private final Map<Long, String> urlLines = new HashMap<>();

        void add(String line) {
            lines.add(line);
            String text = line.strip();
            if (!text.isEmpty() && !text.startsWith("#")) {
                urlLines.put((long) lines.size(), text);
            }
        }

        Map<Long, String> urlLines() {
            return urlLines;
        }

        String text() {
            return String.join("\n", lines) + "\n";
        }

        /** Written aside, dated in the past (no wait for the read lock), then moved in whole. */
        void dropAs(Path target) throws IOException {
            Files.createDirectories(target.getParent());
            Path aside = target.getParent().resolveSibling(target.getFileName() + ".writing");
            Files.writeString(aside, text(), StandardCharsets.UTF_8);
            Files.setLastModifiedTime(aside, FileTime.from(Instant.now().minusSeconds(5)));
            Files.move(aside, target);
        }
    }


    /** A local API on 127.0.0.1 with a fixed latency: /ok/N answers 200 JSON, anything else 404. */
    private static final class LocalApi implements AutoCloseable {
        private final HttpServer server;
        private final ExecutorService threads = Executors.newCachedThreadPool();
        private final long latencyMs;
        private final Map<String, AtomicInteger> requestsByPath = new ConcurrentHashMap<>();
        private final AtomicInteger undelivered = new AtomicInteger();

        LocalApi(long latencyMs) throws IOException {
            this.latencyMs = latencyMs;
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
            server.setExecutor(threads);
            server.createContext("/", this::serve);
            server.start();
        }

        String url(String path) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + path;
        }

        int requestsTo(String url) {
            String prefix = url("");
            if (!url.startsWith(prefix)) {
                return 0;
            }
            AtomicInteger count = requestsByPath.get(url.substring(prefix.length()));
            return count == null ? 0 : count.get();
        }

        Set<String> requestedPaths() {
            return Set.copyOf(requestsByPath.keySet());
        }

        /** Responses that could not be written because the client had gone. */
        int undeliveredResponses() {
            return undelivered.get();
        }

        private void serve(HttpExchange exchange) {
            try (exchange) {
                String path = exchange.getRequestURI().getPath();
                requestsByPath.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
                if (latencyMs > 0) {
                    Thread.sleep(latencyMs);
                }
                if (path.startsWith("/later/")) {
                    exchange.getResponseHeaders().set("Retry-After", "120");
                    exchange.sendResponseHeaders(429, -1);
                } else if (path.startsWith("/moved/")) {
                    exchange.getResponseHeaders().set("Location", "/ok/" + path.substring("/moved/".length()));
                    exchange.sendResponseHeaders(302, -1);
                } else if (path.startsWith("/ok/")) {
                    byte[] body = ("{\"n\":" + path.substring("/ok/".length()) + "}")
                            .getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().set("Content-Type", "application/json");
                    exchange.sendResponseHeaders(200, body.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                } else {
                    exchange.sendResponseHeaders(404, -1);
                }
            } catch (IOException e) {
                undelivered.incrementAndGet();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() {
            server.stop(0);
            threads.shutdownNow();
        }
    }


    /**
     * A local paginated API on 127.0.0.1 whose every chain has {@code pages} pages, each answered after 30 to 50 ms:
     * {@code /links/L?page=K} (a Link header to the next page), {@code /next/L?page=K} (the next page's URL at
     * {@code /next} in the body) and {@code /items/L?page=K} (its items at {@code /data}, streamed, then
     * {@code /next}). Counts the requests to each page by run, from the X-Run header each run sends.
     */
    private static final class ChainApi implements AutoCloseable {
        private static final java.util.regex.Pattern PAGE =
                java.util.regex.Pattern.compile("/(links|next|items)/(\\d+)\\?page=(\\d+)");

        private final HttpServer server;
        private final ExecutorService threads = Executors.newCachedThreadPool();
        private final int pages;
        private final java.util.function.IntUnaryOperator itemsOnPage;
        private final long pauseMsPerThousandItems;
        private final Map<String, Map<String, AtomicInteger>> requestsByRun = new ConcurrentHashMap<>();
        private final AtomicInteger unknown = new AtomicInteger();
        private final Map<String, Integer> holds = new ConcurrentHashMap<>();

        /** @param pauseMsPerThousandItems how long an items page pauses after each thousand of its items */
        ChainApi(int pages, java.util.function.IntUnaryOperator itemsOnPage, long pauseMsPerThousandItems)
                throws IOException {
            this.pages = pages;
            this.itemsOnPage = itemsOnPage;
            this.pauseMsPerThousandItems = pauseMsPerThousandItems;
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
            server.setExecutor(threads);
            server.createContext("/", this::serve);
            server.start();
        }

        static String page(String kind, long line, int page) {
            return "/" + kind + "/" + line + "?page=" + page;
        }

        String url(String pathAndQuery) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery;
        }

        int requests(String run, String pathAndQuery) {
            AtomicInteger count = requestsByRun.getOrDefault(run, Map.of()).get(pathAndQuery);
            return count == null ? 0 : count.get();
        }

        /** Run RUN's request to the page gets its first ITEMS items, then silence until the server closes. */
        void holdAfter(String run, String pathAndQuery, int items) {
            holds.put(run + " " + pathAndQuery, items);
        }

        int unknownRequests() {
            return unknown.get();
        }

        private void serve(HttpExchange exchange) {
            try (exchange) {
                String target = exchange.getRequestURI().getRawPath() + "?" + exchange.getRequestURI().getRawQuery();
                String run = String.valueOf(exchange.getRequestHeaders().getFirst("X-Run"));
                requestsByRun.computeIfAbsent(run, r -> new ConcurrentHashMap<>())
                        .computeIfAbsent(target, t -> new AtomicInteger()).incrementAndGet();
                java.util.regex.Matcher matcher = PAGE.matcher(target);
                int page = matcher.matches() ? Integer.parseInt(matcher.group(3)) : 0;
                if (page < 1 || page > pages) {
                    unknown.incrementAndGet();
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                String kind = matcher.group(1);
                long line = Long.parseLong(matcher.group(2));
                Thread.sleep(30 + (line * 31 + page * 17) % 21);
                String next = page < pages ? page(kind, line, page + 1) : null;
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                if (kind.equals("links") && next != null) {
                    exchange.getResponseHeaders().set("Link", "<" + url(next) + ">; rel=\"next\", <"
                            + url(page(kind, line, pages)) + ">; rel=\"last\"");
                }
                String nextJson = next == null ? "null" : "\"" + next + "\"";
                if (!kind.equals("items")) {
                    byte[] body = ("{\"line\":" + line + ",\"page\":" + page + ",\"next\":" + nextJson + "}")
                            .getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                    return;
                }
                exchange.sendResponseHeaders(200, 0); // chunked: the items are streamed as they are made
                try (OutputStream out = new java.io.BufferedOutputStream(exchange.getResponseBody(), 64 * 1024)) {
                    out.write("{\"data\":[".getBytes(StandardCharsets.UTF_8));
                    int items = itemsOnPage.applyAsInt(page);
                    Integer holdAfter = holds.get(run + " " + target);
                    for (int n = 0; n < items; n++) {
                        if (holdAfter != null && n == holdAfter) {
                            out.flush();
                            Thread.sleep(120_000); // well past the kill; ended by close()
                        }
                        out.write(((n == 0 ? "" : ",") + "{\"line\":" + line + ",\"page\":" + page + ",\"n\":" + n
                                + "}").getBytes(StandardCharsets.UTF_8));
                        if (pauseMsPerThousandItems > 0 && n % 1000 == 999) {
                            out.flush();
                            Thread.sleep(pauseMsPerThousandItems);
                        }
                    }
                    out.write(("],\"next\":" + nextJson + "}").getBytes(StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                // the client went away: a killed run
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() {
            server.stop(0);
            threads.shutdownNow();
        }
    }
}
