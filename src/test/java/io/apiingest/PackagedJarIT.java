package io.apiingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the packaged jar as a user would: a child process in a fresh working directory (so it uses the
 * application.properties and routes bundled in the jar), {@code --ingest.once=true}, against a local API.
 * Failsafe runs it after {@code package}, from the project folder, where target/api-ingest.jar is.
 */
class PackagedJarIT {

    private static final Path JAR = Path.of("target", "api-ingest.jar");
    private static final long RUN_LIMIT_SECONDS = 120;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path workDir;

    private LocalApi api;

    @BeforeEach
    void start_local_api() throws IOException {
        api = LocalApi.start();
    }

    @AfterEach
    void stop_local_api() {
        api.close();
    }

    @Test
    void should_fetch_every_url_line_into_part_files_errors_and_a_summary_then_exit_0() throws Exception {
        List<String> input = new ArrayList<>();
        input.add("# orders to fetch");
        input.add("");
        for (int n = 1; n <= 20; n++) {
            input.add(api.url("/ok/" + n));
        }
        input.add(api.url("/missing"));
        input.add(api.url("/flaky"));
        input.add(api.url("/text"));
        input.add("not a url");
        String inputText = String.join("\n", input) + "\n";
        Path inbox = Files.createDirectories(workDir.resolve("inbox"));
        Files.writeString(inbox.resolve("orders.txt"), inputText, StandardCharsets.UTF_8);
        Map<String, Long> physicalLineOf = urlLinesOf(input);
        assertThat(physicalLineOf).hasSize(24);

        Run run = runJar("--ingest.once=true", "--ingest.retry.delay-ms=100", "--ingest.batch-size=10");

        assertThat(run.exitCode()).as("exit code; output:%n%s", run.output()).isZero();
        Path results = workDir.resolve("outbox/orders");
        assertThat(results.resolve("_SUMMARY.json")).as("the summary, written last; output:%n%s", run.output())
                .isRegularFile();

        // part files: 22 successes (20 /ok, /flaky, /text), 10 per part
        assertThat(partFileNames(results))
                .containsExactly("part-00001.jsonl", "part-00002.jsonl", "part-00003.jsonl");
        List<List<JsonNode>> parts = new ArrayList<>();
        for (String name : partFileNames(results)) {
            parts.add(readJsonLines(results.resolve(name)));
        }
        assertThat(parts).extracting(List::size).containsExactly(10, 10, 2);
        Map<String, JsonNode> fetched = byUrl(parts.stream().flatMap(List::stream).toList());
        List<String> expectedSuccesses = new ArrayList<>();
        IntStream.rangeClosed(1, 20).forEach(n -> expectedSuccesses.add(api.url("/ok/" + n)));
        expectedSuccesses.add(api.url("/flaky"));
        expectedSuccesses.add(api.url("/text"));
        assertThat(fetched.keySet()).containsExactlyInAnyOrderElementsOf(expectedSuccesses);
        for (JsonNode record : fetched.values()) {
            String url = record.get("url").asText();
            assertThat(fieldNames(record)).as(url).containsExactly("line", "url", "status", "attempts",
                    "elapsedMs", "body");
            assertThat(record.get("line").asLong()).as("line of %s", url).isEqualTo(physicalLineOf.get(url));
            assertThat(record.get("status").asInt()).as("status of %s", url).isEqualTo(200);
            assertThat(record.get("elapsedMs").asLong()).as("elapsedMs of %s", url).isNotNegative();
        }
        for (int n = 1; n <= 20; n++) {
            JsonNode ok = fetched.get(api.url("/ok/" + n));
            assertThat(ok.get("attempts").asInt()).as("attempts of /ok/%d", n).isEqualTo(1);
            assertThat(ok.get("body")).as("body of /ok/%d", n).isEqualTo(JSON.readTree("{\"n\":" + n + "}"));
        }
        JsonNode flaky = fetched.get(api.url("/flaky"));
        assertThat(flaky.get("attempts").asInt()).as("a 503 is retried once, then succeeds").isEqualTo(2);
        assertThat(flaky.get("body")).isEqualTo(JSON.readTree("{\"n\":\"flaky\"}"));
        JsonNode text = fetched.get(api.url("/text"));
        assertThat(text.get("attempts").asInt()).isEqualTo(1);
        assertThat(text.get("body").isTextual()).as("a text/plain body is kept as a JSON string").isTrue();
        assertThat(text.get("body").asText()).isEqualTo("hello");

        // errors.jsonl: the 404 (not retried) and the line that is not a URL (never tried)
        List<JsonNode> errorRecords = readJsonLines(results.resolve("errors.jsonl"));
        Map<String, JsonNode> failed = byUrl(errorRecords);
        assertThat(failed.keySet()).containsExactlyInAnyOrder(api.url("/missing"), "not a url");
        JsonNode missing = failed.get(api.url("/missing"));
        assertThat(fieldNames(missing)).containsExactly("line", "url", "status", "attempts", "error");
        assertThat(missing.get("line").asLong()).isEqualTo(physicalLineOf.get(api.url("/missing")));
        assertThat(missing.get("status").asInt()).isEqualTo(404);
        assertThat(missing.get("attempts").asInt()).isEqualTo(1);
        assertThat(missing.get("error").asText()).isEqualTo("HTTP 404 Not Found");
        JsonNode notUrl = failed.get("not a url");
        assertThat(notUrl.get("line").asLong()).isEqualTo(physicalLineOf.get("not a url"));
        assertThat(notUrl.path("status").isNull()).as("status is present and null: no response came").isTrue();
        assertThat(notUrl.get("attempts").asInt()).isZero();
        assertThat(notUrl.get("error").asText()).contains("not an absolute URL");

        // every URL line is recorded exactly once, as a success or as a failure
        List<Long> recordedLines = Stream.concat(parts.stream().flatMap(List::stream), errorRecords.stream())
                .map(record -> record.get("line").asLong()).toList();
        assertThat(recordedLines).containsExactlyInAnyOrderElementsOf(physicalLineOf.values());

        JsonNode summary = JSON.readTree(results.resolve("_SUMMARY.json").toFile());
        assertThat(fieldNames(summary)).containsExactly("file", "total", "succeeded", "failed", "records", "errors",
                "pages", "items", "truncated", "deadlineExceeded", "durationMs",
                "startedAt", "finishedAt", "retries", "statusCounts", "latencyMs", "urlsPerSecond", "origins");
        assertThat(summary.get("statusCounts").toString()).isEqualTo("{\"200\":22,\"404\":1}");
        assertThat(summary.get("retries").asLong()).as("the one 503 of /flaky").isEqualTo(1);
        // batch mode ends with the same figures as a table
        assertThat(run.output()).containsPattern("file\\s+URLs\\s+ok\\s+failed\\s+retries")
                .containsPattern("orders\\.txt\\s+24\\s+22\\s+2\\s+1\\s");
        assertThat(summary.get("latencyMs").get("max").asLong()).isGreaterThanOrEqualTo(
                summary.get("latencyMs").get("p50").asLong());
        assertThat(summary.get("file").asText()).isEqualTo("orders.txt");
        assertThat(summary.get("total").asLong()).isEqualTo(24);
        assertThat(summary.get("succeeded").asLong()).isEqualTo(22);
        assertThat(summary.get("failed").asLong()).isEqualTo(2);
        assertThat(summary.get("durationMs").asLong()).isNotNegative();

        assertThat(inbox.resolve("orders.txt")).doesNotExist();
        assertThat(inbox.resolve(".done/orders.txt")).hasContent(inputText);
        try (Stream<Path> files = Files.list(results)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .as("no temporary (hidden) files are left in the outbox folder")
                    .noneMatch(name -> name.startsWith("."));
        }

        // the server's view: each /ok URL asked once, /flaky twice, nothing retried that should not be
        for (int n = 1; n <= 20; n++) {
            assertThat(api.requestsTo("/ok/" + n)).as("requests to /ok/%d", n).isEqualTo(1);
        }
        assertThat(api.requestsTo("/flaky")).isEqualTo(2);
        assertThat(api.requestsTo("/missing")).isEqualTo(1);
        assertThat(api.requestsTo("/text")).isEqualTo(1);
    }

    @Test
    void should_wait_in_batch_mode_for_a_file_still_open_for_writing_and_read_it_whole_soon_after_it_is_closed()
            throws Exception {
        Path inbox = Files.createDirectories(workDir.resolve("inbox"));
        // a complete file beside it: its summary shows that the app is watching the inbox
        Path probe = Files.writeString(inbox.resolve("probe.txt"), api.url("/ok/probe") + "\n");
        Files.setLastModifiedTime(probe, FileTime.from(Instant.now().minusSeconds(5)));
        List<String> urls = new ArrayList<>();
        JarProcess app;
        boolean watchingBeforeClose;
        LocalTime closed;
        try (OutputStream out = new FileOutputStream(inbox.resolve("held.txt").toFile())) {
            app = JarProcess.start(workDir, "held", List.of(), List.of("--ingest.once=true", "--ingest.metrics.port=0"));
            // a slow copy straight into the inbox while the app starts: a line every 300 ms for 3 s
            for (int n = 1; n <= 10; n++) {
                urls.add(api.url("/ok/" + n));
                out.write((api.url("/ok/" + n) + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                if (n < 10) {
                    Thread.sleep(300);
                }
            }
            assertThat(app.process().isAlive()).as("batch mode waits for the open file; output:%n%s", app.output())
                    .isTrue();
            watchingBeforeClose = Files.exists(workDir.resolve("outbox/probe/_SUMMARY.json"));
        } finally {
            closed = LocalTime.now();
        }

        assertThat(app.awaitExit(Duration.ofSeconds(RUN_LIMIT_SECONDS))).as("exit code; output:%n%s", app.output())
                .isZero();
        JsonNode summary = JSON.readTree(workDir.resolve("outbox/held/_SUMMARY.json").toFile());
        assertThat(summary.get("total").asInt()).as("lines read; output:%n%s", app.output()).isEqualTo(urls.size());
        assertThat(byUrl(readJsonLines(workDir.resolve("outbox/held/part-00001.jsonl"))).keySet())
                .containsExactlyInAnyOrderElementsOf(urls);
        assertThat(workDir.resolve("outbox/held-2")).as("read once, whole").doesNotExist();

        // taken once closed, not once its date is a second old (where the kernel can be asked)
        assumeTrue(watchingBeforeClose, "the app was not watching the inbox yet when the file was closed");
        OpenWritersAssumption.assumeAskable(inbox);
        String started = app.outputLines().stream().filter(line -> line.contains("held.txt: started")).findFirst()
                .orElseThrow();
        Duration pickup = Duration.between(closed, LocalTime.parse(started.substring(0, "HH:mm:ss.SSS".length())));
        assertThat(pickup.toMillis()).as("ms from the close to the file's start; output:%n%s", app.output())
                .isBetween(0L, 800L);
    }

    @Test
    void should_run_through_the_launcher_which_writes_a_start_up_archive_that_later_runs_load() throws Exception {
        // a copy of the jar, so that the archive goes beside it here and not into the build's target/cds
        Path jar = Files.createDirectories(workDir.resolve("app")).resolve("api-ingest.jar");
        Files.copy(JAR, jar);
        Path inbox = Files.createDirectories(workDir.resolve("inbox"));
        Files.writeString(inbox.resolve("first.txt"), api.url("/ok/1") + "\n" + api.url("/ok/2") + "\n");
        List<String> launcher = List.of(Path.of("bin", "api-ingest").toAbsolutePath().toString(),
                "--ingest.once=true", "--ingest.metrics.port=0");
        Map<String, String> environment = Map.of("JAVA", javaOfThisJvm(), "API_INGEST_JAR", jar.toString());

        Run first = run(launcher, environment);

        assertThat(first.exitCode()).as("exit code; output:%n%s", first.output()).isZero();
        assertThat(workDir.resolve("outbox/first/_SUMMARY.json")).isRegularFile();
        try (Stream<Path> archives = Files.list(jar.resolveSibling("cds"))) {
            assertThat(archives.map(path -> path.getFileName().toString()))
                    .as("the archive the first run wrote").singleElement().asString().endsWith(".jsa");
        }

        Files.writeString(inbox.resolve("second.txt"), api.url("/ok/3") + "\n");
        // -Xshare:on (JAVA_OPTS come last) makes the JVM refuse to start unless the archive loads
        Map<String, String> strict = new HashMap<>(environment);
        strict.put("JAVA_OPTS", "-Xshare:on");
        Run second = run(launcher, strict);

        assertThat(second.exitCode()).as("exit code; output:%n%s", second.output()).isZero();
        assertThat(workDir.resolve("outbox/second/_SUMMARY.json")).isRegularFile();
        assertThat(api.requestsTo("/ok/3")).isEqualTo(1);
    }

    @Test
    void should_decode_gzip_deflate_br_and_zstd_with_the_decoders_the_jar_carries() throws Exception {
        // zstd-jni's native library travels inside the jar, and is loaded from it on the first zstd body
        List<String> codings = List.of("gzip", "deflate", "br", "zstd");
        Path inbox = Files.createDirectories(workDir.resolve("inbox"));
        Files.writeString(inbox.resolve("codings.txt"), codings.stream().map(coding -> api.url("/orders/" + coding))
                .collect(Collectors.joining("\n", "", "\n")));

        Run run = runJar("--ingest.once=true", "--ingest.metrics.port=0");

        assertThat(run.exitCode()).as("exit code; output:%n%s", run.output()).isZero();
        JsonNode orders = JSON.readTree(EncodedBodies.ordersJson());
        List<JsonNode> records = readJsonLines(workDir.resolve("outbox/codings/part-00001.jsonl"));
        assertThat(records).as("records; output:%n%s", run.output()).hasSize(codings.size())
                .allSatisfy(record -> assertThat(record.get("body")).as(record.get("url").asText()).isEqualTo(orders));
    }

    @Test
    void should_let_a_collector_named_in_JAVA_OPTS_replace_the_launchers_own() throws Exception {
        Path inbox = Files.createDirectories(workDir.resolve("inbox"));
        Files.writeString(inbox.resolve("g1.txt"), api.url("/ok/1") + "\n");
        List<String> launcher = List.of(Path.of("bin", "api-ingest").toAbsolutePath().toString(),
                "--ingest.once=true", "--ingest.metrics.port=0");
        // the launcher picks the parallel collector; the JVM refuses to start with two
        Run run = run(launcher, Map.of("JAVA", javaOfThisJvm(), "API_INGEST_JAR", JAR.toAbsolutePath().toString(),
                "JAVA_OPTS", "-XX:+UseG1GC -Xlog:gc:stdout"));

        assertThat(run.exitCode()).as("exit code; output:%n%s", run.output()).isZero();
        assertThat(run.output()).contains("Using G1");
        assertThat(workDir.resolve("outbox/g1/_SUMMARY.json")).isRegularFile();
    }

    @Test
    void should_exit_2_naming_the_setting_when_a_setting_is_invalid() throws Exception {
        Files.createDirectories(workDir.resolve("inbox"));

        Run run = runJar("--ingest.concurrency=0", "--ingest.once=true");

        assertThat(run.exitCode()).as("exit code; output:%n%s", run.output()).isEqualTo(2);
        assertThat(run.stderr()).contains("ingest.concurrency");
    }

    @Test
    void should_exit_2_and_process_nothing_when_a_value_is_given_after_a_space() throws Exception {
        Path input = Files.createDirectories(workDir.resolve("inbox")).resolve("orders.txt");
        Files.writeString(input, api.url("/ok/1") + "\n");

        // a cron job reads the exit code: a run that skipped what it did not understand must not look done
        Run run = runJar("--ingest.once=true", "--ingest.concurrency", "0");

        assertThat(run.exitCode()).as("exit code; output:%n%s", run.output()).isEqualTo(2);
        assertThat(run.stderr()).contains("api-ingest: unknown argument '0': settings are given as"
                + " --ingest.KEY=VALUE, with '=' and no spaces");
        assertThat(input).as("the input waits in the inbox").hasContent(api.url("/ok/1") + "\n");
        assertThat(workDir.resolve("outbox")).doesNotExist();
        assertThat(api.requestsTo("/ok/1")).isZero();
    }

    @Test
    void should_exit_2_suggesting_the_setting_meant_when_a_setting_is_misspelt() throws Exception {
        Path input = Files.createDirectories(workDir.resolve("inbox")).resolve("orders.txt");
        Files.writeString(input, api.url("/ok/1") + "\n");

        Run run = runJar("--ingest.once=true", "--ingest.timeot-ms=5");

        assertThat(run.exitCode()).as("exit code; output:%n%s", run.output()).isEqualTo(2);
        assertThat(run.stderr())
                .contains("api-ingest: ingest.timeot-ms: unknown setting; did you mean ingest.timeout-ms?");
        assertThat(input).as("the input waits in the inbox").exists();
        assertThat(workDir.resolve("outbox")).doesNotExist();
    }

    @Test
    void should_print_the_usage_and_exit_0_without_starting_on_help() throws Exception {
        Run run = runJar("--help");

        assertThat(run.exitCode()).as("exit code; output:%n%s", run.output()).isZero();
        assertThat(run.stdout()).startsWith("Usage: java -jar api-ingest.jar [--ingest.KEY=VALUE ...]")
                .contains("README.md, section \"Settings\"");
        assertThat(workDir.resolve("inbox")).as("nothing started").doesNotExist();
    }

    @Test
    void should_refuse_a_second_instance_on_the_same_inbox_and_let_the_next_run_take_it_once_the_first_stops()
            throws Exception {
        Path inbox = Files.createDirectories(workDir.resolve("inbox"));
        Path lockFile = inbox.resolve(".api-ingest.lock");
        JarProcess first = JarProcess.start(workDir, "first", List.of(), List.of("--ingest.metrics.port=0"));
        try {
            await().atMost(Duration.ofSeconds(RUN_LIMIT_SECONDS))
                    .until(() -> Files.exists(lockFile) && Files.readString(lockFile).startsWith("pid "));

            // e.g. a cron job started again while the last run is still busy; the metrics port is left at its
            // default on purpose: the inbox is what the message must name
            Run second = runJar("--ingest.once=true");

            assertThat(second.exitCode()).as("exit code; output:%n%s", second.output()).isEqualTo(2);
            // java -jar runs the app in a child JVM (launch/Launcher): that JVM holds the lock, and names itself
            long holder = first.process().children().findFirst().map(ProcessHandle::pid)
                    .orElse(first.process().pid());
            assertThat(second.stderr()).contains("ingest.inbox: ")
                    .contains("is in use by another api-ingest (pid " + holder + ", since ");
            assertThat(first.process().isAlive()).as("the first instance runs on").isTrue();
        } finally {
            first.process().destroy();
            assertThat(first.awaitExit(Duration.ofSeconds(RUN_LIMIT_SECONDS))).as("first instance, after SIGTERM")
                    .isZero();
        }

        // the lock file and other hidden files in the inbox never hold up batch mode, whatever inbox-ignore says
        Files.writeString(inbox.resolve(".notes"), "not an input");
        Files.writeString(inbox.resolve("after.txt"), api.url("/ok/1") + "\n");
        Run third = runJar("--ingest.once=true", "--ingest.metrics.port=0", "--ingest.inbox-ignore=.*[.]part");

        assertThat(third.exitCode()).as("exit code; output:%n%s", third.output()).isZero();
        assertThat(workDir.resolve("outbox/after/_SUMMARY.json")).isRegularFile();
        assertThat(inbox.resolve(".done/after.txt")).exists();
        assertThat(inbox.resolve(".notes")).hasContent("not an input");
        assertThat(lockFile).exists();
    }

    @Test
    void should_move_a_binary_file_to_the_error_folder_with_a_reason_and_still_process_a_good_file()
            throws Exception {
        Path inbox = Files.createDirectories(workDir.resolve("inbox"));
        byte[] binary = {'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0, (byte) 0xA1, 0x5B, 0, 0, '\n', 0};
        Files.write(inbox.resolve("orders.xlsx"), binary);
        String good = api.url("/ok/1") + "\n" + api.url("/ok/2") + "\n";
        Files.writeString(inbox.resolve("good.txt"), good, StandardCharsets.UTF_8);

        Run run = runJar("--ingest.once=true");

        assertThat(run.exitCode()).as("exit code; output:%n%s", run.output()).isZero();
        assertThat(inbox.resolve("orders.xlsx")).doesNotExist();
        assertThat(inbox.resolve(".error/orders.xlsx")).hasBinaryContent(binary);
        assertThat(workDir.resolve("outbox/orders")).as("a rejected file takes no outbox folder").doesNotExist();
        assertThat(Files.readString(inbox.resolve(".error/orders.xlsx.reason.txt")))
                .startsWith("orders.xlsx was not processed: not a text file");

        assertThat(workDir.resolve("outbox/good/_SUMMARY.json"))
                .as("the good file's summary; output:%n%s", run.output()).isRegularFile();
        assertThat(inbox.resolve("good.txt")).doesNotExist();
        assertThat(inbox.resolve(".done/good.txt")).hasContent(good);
        JsonNode summary = JSON.readTree(workDir.resolve("outbox/good/_SUMMARY.json").toFile());
        assertThat(summary.get("file").asText()).isEqualTo("good.txt");
        assertThat(summary.get("total").asLong()).isEqualTo(2);
        assertThat(summary.get("succeeded").asLong()).isEqualTo(2);
        assertThat(summary.get("failed").asLong()).isZero();
        assertThat(byUrl(readJsonLines(workDir.resolve("outbox/good/part-00001.jsonl"))).keySet())
                .containsExactlyInAnyOrder(api.url("/ok/1"), api.url("/ok/2"));
        assertThat(readJsonLines(workDir.resolve("outbox/good/errors.jsonl"))).isEmpty();
    }

    /** Output of one run of the jar. */
    private record Run(int exitCode, String stdout, String stderr) {
        String output() {
            return "--- stdout ---\n" + stdout + "--- stderr ---\n" + stderr;
        }
    }

    private Run runJar(String... settings) throws IOException, InterruptedException {
        assertThat(JAR).as("the packaged jar (failsafe runs after package, from the project folder)")
                .isRegularFile();
        List<String> command = new ArrayList<>(List.of(javaOfThisJvm(), "-jar", JAR.toAbsolutePath().toString()));
        command.addAll(List.of(settings));
        return run(command, Map.of());
    }

    private Run run(List<String> command, Map<String, String> environment)
            throws IOException, InterruptedException {
        Path stdout = workDir.resolve("stdout.log");
        Path stderr = workDir.resolve("stderr.log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        // the test alone decides the settings: none may leak in from the environment running the build
        builder.environment().keySet().removeIf(name -> name.toUpperCase().startsWith("INGEST_"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(RUN_LIMIT_SECONDS, TimeUnit.SECONDS)) {
            JarProcess.killTree(process);
            fail("api-ingest did not exit within %d s; output:%n%s", RUN_LIMIT_SECONDS,
                    new Run(-1, Files.readString(stdout), Files.readString(stderr)).output());
        }
        return new Run(process.exitValue(), Files.readString(stdout), Files.readString(stderr));
    }

    private static String javaOfThisJvm() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }


    /** The URL lines of an input (not blank, not a # comment), each with its 1-based physical line number. */
    private static Map<String, Long> urlLinesOf(List<String> input) {
        Map<String, Long> lines = new HashMap<>();
        for (int i = 0; i < input.size(); i++) {
            String text = input.get(i).strip();
            if (!text.isEmpty() && !text.startsWith("#")) {
                assertThat(lines.put(text, i + 1L)).as("URL lines of the test input are distinct").isNull();
            }
        }
        return lines;
    }

    private static List<String> partFileNames(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).filter(name -> name.matches("part-\\d{5}\\.jsonl"))
                    .sorted().toList();
        }
    }

    private static List<JsonNode> readJsonLines(Path file) throws IOException {
        List<JsonNode> records = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            records.add(JSON.readTree(line));
        }
        return records;
    }

    /** Records keyed by their url; a url recorded twice fails here. */
    private static Map<String, JsonNode> byUrl(List<JsonNode> records) {
        return records.stream().collect(Collectors.toMap(record -> record.get("url").asText(), record -> record,
                (a, b) -> fail("recorded twice: %s and %s", a, b)));
    }

    private static List<String> fieldNames(JsonNode record) {
        List<String> names = new ArrayList<>();
        record.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
