package io.apiingest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.junit5.CamelContextConfiguration;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;

import static org.awaitility.Awaitility.await;

/**
 * Runs the real application (routes/ingest.yaml, application.properties, IngestConfiguration) with its inbox
 * and outbox in a fresh temporary folder per test; subclasses add their settings in {@link #settings}.
 */
public abstract class IngestTestSupport extends CamelMainTestSupport {

    protected static final ObjectMapper JSON = new ObjectMapper();

    /** Set on first use: the test framework configures the context from within its constructor. */
    private Path work;

    /** Settings for this test class, on top of application.properties and the fast test defaults. */
    protected void settings(Properties settings) {
    }

    @Override
    public void configureContext(CamelContextConfiguration context) {
        super.configureContext(context);
        Properties settings = new Properties();
        settings.put("ingest.inbox", inbox().toString());
        settings.put("ingest.outbox", outbox().toString());
        settings.put("ingest.retry.delay-ms", "20");
        settings.put("ingest.timeout-ms", "5000");
        settings(settings);
        context.withUseOverridePropertiesWithPropertiesComponent(settings);
    }

    @Override
    protected void configure(MainConfigurationProperties configuration) {
        configuration.addConfiguration(new IngestConfiguration());
        configuration.setRoutesIncludePattern("file:routes/*.yaml");
    }

    @Override
    protected String getPropertyPlaceholderLocations() {
        return "file:application.properties";
    }

    /** This test's own folder, under target/ so that {@code mvn clean} removes it. */
    protected Path work() {
        if (work == null) {
            try {
                Path root = Files.createDirectories(Path.of("target", "test-work"));
                work = Files.createTempDirectory(root, getClass().getSimpleName() + "-").toAbsolutePath();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return work;
    }

    protected Path inbox() {
        return work().resolve("inbox");
    }

    protected Path outbox() {
        return work().resolve("outbox");
    }

    /** Drops a URL file the way a careful user does: written aside, then moved in whole. */
    protected Path drop(String name, String content) throws IOException {
        return drop(name, content.getBytes(StandardCharsets.UTF_8));
    }

    protected Path drop(String name, byte[] content) throws IOException {
        Files.createDirectories(inbox());
        Path aside = work().resolve(name + ".writing");
        Files.write(aside, content);
        // old enough for the read lock's minimum age, so the test need not wait for it
        Files.setLastModifiedTime(aside, FileTime.from(Instant.now().minusSeconds(5)));
        return Files.move(aside, inbox().resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Drops an input whose outbox folder an earlier run left unfinished, holding {@code files} (name to content,
     * e.g. a part file and the page journal) and the input's identity, so that this run resumes it.
     */
    protected Path dropResuming(String name, String content, Map<String, String> files) throws IOException {
        Files.createDirectories(inbox());
        Path aside = work().resolve(name + ".writing");
        Files.writeString(aside, content, StandardCharsets.UTF_8);
        Instant modified = Instant.now().minusSeconds(5);
        Files.setLastModifiedTime(aside, FileTime.from(modified));
        String stem = name.substring(0, name.lastIndexOf('.'));
        Path dir = Files.createDirectories(outbox().resolve(stem));
        Files.writeString(dir.resolve(".input.json"), JSON.writeValueAsString(Map.of("file", name,
                "size", Files.size(aside), "modified", Files.getLastModifiedTime(aside).toMillis(),
                "startedAt", modified.toEpochMilli())), StandardCharsets.UTF_8);
        for (Map.Entry<String, String> file : files.entrySet()) {
            Files.writeString(dir.resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8);
        }
        return Files.move(aside, inbox().resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    protected static String lines(String... lines) {
        return String.join("\n", lines) + "\n";
    }

    /** Waits for outbox/JOB/_SUMMARY.json and returns it. */
    protected JsonNode awaitSummary(String job) {
        Path summary = outbox().resolve(job).resolve("_SUMMARY.json");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> Files.exists(summary));
        return read(summary);
    }

    /** Every success record of a job, part file by part file. */
    protected List<JsonNode> records(String job) throws IOException {
        List<JsonNode> records = new ArrayList<>();
        for (Path part : partFiles(job)) {
            records.addAll(readLines(part));
        }
        return records;
    }

    protected List<Path> partFiles(String job) throws IOException {
        try (Stream<Path> files = Files.list(outbox().resolve(job))) {
            return files.filter(f -> f.getFileName().toString().matches("part-\\d{5}\\.jsonl")).sorted().toList();
        }
    }

    protected List<JsonNode> errors(String job) throws IOException {
        return readLines(outbox().resolve(job).resolve("errors.jsonl"));
    }

    protected static List<JsonNode> readLines(Path file) throws IOException {
        List<JsonNode> records = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            records.add(JSON.readTree(line));
        }
        return records;
    }

    /** The record of the given input line among successes and errors; fails unless there is exactly one. */
    protected JsonNode recordOfLine(String job, long line) throws IOException {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode r : records(job)) {
            if (r.get("line").asLong() == line) {
                found.add(r);
            }
        }
        for (JsonNode r : errors(job)) {
            if (r.get("line").asLong() == line) {
                found.add(r);
            }
        }
        if (found.size() != 1) {
            throw new AssertionError("line " + line + " has " + found.size() + " records: " + found);
        }
        return found.get(0);
    }

    /** What a test does while its output is captured. */
    protected interface Action {
        void run() throws Exception;
    }

    /** Runs the action and returns what the app wrote to the console meanwhile (slf4j-simple writes there). */
    protected static String capturingLogs(Action action) throws Exception {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        try {
            action.run();
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        String logged = captured.toString(StandardCharsets.UTF_8);
        err.print(logged);
        return logged;
    }

    private static JsonNode read(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
