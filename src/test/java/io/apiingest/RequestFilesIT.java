package io.apiingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar with request files, as a user runs it: a {@code .jsonl} of specs and a {@code .csv} of rows,
 * against a local API that keeps what it received; the demo; and a run with a bearer token that leaves no trace of
 * it in anything the run wrote.
 */
class RequestFilesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration LIMIT = Duration.ofSeconds(120);
    private static final String TOKEN = "tok-7f3a9c1e-never-shown";

    @TempDir
    Path workDir;

    private HttpServer server;
    private ExecutorService executor;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    /** One request as the server saw it. */
    record Received(String method, String pathAndQuery, Map<String, List<String>> headers, String body) {
        String header(String name) {
            for (Map.Entry<String, List<String>> header : headers.entrySet()) {
                if (header.getKey().equalsIgnoreCase(name)) {
                    return header.getValue().get(0);
                }
            }
            return null;
        }
    }

    @BeforeEach
    void start_api() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        executor = Executors.newFixedThreadPool(8);
        server.setExecutor(executor);
        server.createContext("/", this::answer);
        server.start();
    }

    @AfterEach
    void stop_api() {
        server.stop(0);
        executor.shutdownNow();
    }

    @Test
    void should_send_each_spec_and_csv_row_as_written_and_record_its_id_and_meta() throws Exception {
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        Path inbox = Files.createDirectories(workDir.resolve("inbox"));
        Files.writeString(inbox.resolve("specs.jsonl"), String.join("\n",
                "{\"id\": \"a-1\", \"method\": \"post\", \"url\": \"" + base + "/orders\", \"headers\": "
                        + "{\"X-Trace\": \"t1\"}, \"body\": {\"sku\": \"A\", \"qty\": 2}, \"meta\": {\"batch\": 7}}",
                "# a comment",
                "{\"id\": 2, \"url\": \"" + base + "/search\", \"query\": {\"q\": \"a b&c\", \"page\": 3}}",
                "{\"url\": \"" + base + "/notes\", \"method\": \"PUT\", \"bodyText\": \"hello\"}",
                "{\"url\": \"" + base + "/x\", \"methdo\": \"GET\"}",
                "not json") + "\n", StandardCharsets.UTF_8);
        Files.writeString(inbox.resolve("users.csv"), "id,url,method,region\n"
                + "u1," + base + "/users/1,,eu\n"
                + "\"u2\",\"" + base + "/users/2\",DELETE,\"us,\n east\"\n", StandardCharsets.UTF_8);

        JarProcess app = JarProcess.start(workDir, "run", List.of(), List.of("--ingest.once=true",
                "--ingest.metrics.port=0", "--ingest.retry.delay-ms=50"));

        assertThat(app.awaitExit(LIMIT)).as("exit code; output:%n%s", app.output()).isZero();
        Received post = only("POST", "/orders");
        assertThat(JSON.readTree(post.body())).isEqualTo(JSON.readTree("{\"sku\":\"A\",\"qty\":2}"));
        assertThat(post.header("Content-Type")).startsWith("application/json");
        assertThat(post.header("X-Trace")).isEqualTo("t1");
        assertThat(only("GET", "/search?q=a%20b%26c&page=3")).isNotNull();
        Received put = only("PUT", "/notes");
        assertThat(put.body()).isEqualTo("hello");
        assertThat(only("GET", "/users/1")).isNotNull();
        assertThat(only("DELETE", "/users/2")).isNotNull();
        assertThat(received).hasSize(5);

        Path specs = workDir.resolve("outbox/specs");
        assertThat(specs.resolve("_SUMMARY.json")).isRegularFile();
        JsonNode first = recordOfLine(specs, 1);
        assertThat(first.get("id").asText()).isEqualTo("a-1");
        assertThat(first.get("method").asText()).isEqualTo("POST");
        assertThat(first.get("meta").get("batch").asInt()).isEqualTo(7);
        assertThat(first.get("status").asInt()).isEqualTo(201);
        assertThat(recordOfLine(specs, 3).get("id").asInt()).isEqualTo(2);
        JsonNode typo = recordOfLine(specs, 5);
        assertThat(typo.get("attempts").asInt()).isZero();
        assertThat(typo.get("error").asText()).contains("methdo").contains("method");
        assertThat(recordOfLine(specs, 6).get("attempts").asInt()).isZero();
        JsonNode summary = JSON.readTree(specs.resolve("_SUMMARY.json").toFile());
        assertThat(summary.get("total").asInt()).isEqualTo(5);
        assertThat(summary.get("failed").asInt()).isEqualTo(2);

        Path users = workDir.resolve("outbox/users");
        JsonNode second = recordOfLine(users, 3);
        assertThat(second.get("id").asText()).isEqualTo("u2");
        assertThat(second.get("method").asText()).isEqualTo("DELETE");
        assertThat(second.get("meta").get("region").asText()).isEqualTo("us,\n east");
        assertThat(recordOfLine(users, 2).get("meta").get("region").asText()).isEqualTo("eu");
        assertThat(workDir.resolve("inbox/.done/specs.jsonl")).isRegularFile();
        assertThat(workDir.resolve("inbox/.done/users.csv")).isRegularFile();
    }

    @Test
    void should_run_the_demo_with_its_url_file_and_its_request_specs() throws Exception {
        JarProcess app = JarProcess.start(workDir, "demo", List.of(), List.of("--ingest.demo=true",
                "--ingest.metrics.port=0"));

        assertThat(app.awaitExit(LIMIT)).as("exit code; output:%n%s", app.output()).isZero();
        assertThat(workDir.resolve("outbox/demo/_SUMMARY.json")).isRegularFile();
        Path orders = workDir.resolve("outbox/orders");
        List<JsonNode> records = new ArrayList<>();
        for (Path part : partFiles(orders)) {
            records.addAll(lines(part));
        }
        assertThat(records).filteredOn(r -> r.get("status").asInt() == 201).hasSize(2)
                .allSatisfy(r -> assertThat(r.get("body").get("received").get("sku").isTextual()).isTrue());
        assertThat(records).filteredOn(r -> r.get("id").asText().equals("account")).singleElement()
                .satisfies(r -> assertThat(r.get("body").get("account").asText()).isEqualTo("demo"));
        assertThat(lines(orders.resolve("errors.jsonl"))).extracting(r -> r.get("status").asText())
                .containsExactlyInAnyOrder("401", "null");
    }

    @Test
    void should_send_a_bearer_token_from_the_environment_and_write_it_nowhere() throws Exception {
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        Path inbox = Files.createDirectories(workDir.resolve("inbox"));
        Files.writeString(inbox.resolve("private.txt"), base + "/me\n" + base + "/missing\n"
                + base + "/redirect-away\n", StandardCharsets.UTF_8);
        // the user's control panel: the shipped one, with the token taken from the environment
        String shipped;
        try (var in = RequestFilesIT.class.getResourceAsStream("/application.properties")) {
            shipped = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Files.writeString(workDir.resolve("application.properties"), shipped.replace("ingest.auth.type = none",
                "ingest.auth.type = bearer").replace("ingest.auth.token =", "ingest.auth.token = {{env:API_TOKEN}}"),
                StandardCharsets.UTF_8);
        Files.createDirectories(workDir.resolve("routes"));
        try (var in = RequestFilesIT.class.getResourceAsStream("/routes/ingest.yaml")) {
            Files.write(workDir.resolve("routes/ingest.yaml"), in.readAllBytes());
        }

        JarProcess app = JarProcess.start(workDir, "auth", List.of(), List.of("--ingest.once=true",
                "--ingest.metrics.port=0", "--ingest.retry.max=0"), Map.of("API_TOKEN", TOKEN));

        assertThat(app.awaitExit(LIMIT)).as("exit code; output:%n%s", app.output()).isZero();
        assertThat(only("GET", "/me").header("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(only("GET", "/elsewhere").header("Authorization")).as("not to another origin").isNull();
        try (Stream<Path> files = Files.walk(workDir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                if (file.getFileName().toString().equals("application.properties")) {
                    continue; // the user's own file names the variable, not the token
                }
                assertThat(Files.readString(file, StandardCharsets.ISO_8859_1)).as("%s", file)
                        .doesNotContain(TOKEN);
            }
        }
    }

    private Received only(String method, String pathAndQuery) {
        List<Received> found = received.stream()
                .filter(r -> r.method().equals(method) && r.pathAndQuery().equals(pathAndQuery)).toList();
        assertThat(found).as("%s %s among %s", method, pathAndQuery, received).hasSize(1);
        return found.get(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getRawPath();
            String query = exchange.getRequestURI().getRawQuery();
            received.add(new Received(exchange.getRequestMethod(), query == null ? path : path + "?" + query,
                    Map.copyOf(exchange.getRequestHeaders()), body));
            if (path.equals("/missing")) {
                send(exchange, 404, "{\"error\":\"no\"}");
            } else if (path.equals("/redirect-away")) {
                exchange.getResponseHeaders().add("Location", "http://localhost:" + server.getAddress().getPort()
                        + "/elsewhere");
                exchange.sendResponseHeaders(302, -1);
            } else {
                send(exchange, exchange.getRequestMethod().equals("POST") ? 201 : 200, "{\"ok\":true}");
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static JsonNode recordOfLine(Path folder, long line) throws IOException {
        List<JsonNode> all = new ArrayList<>(lines(folder.resolve("errors.jsonl")));
        for (Path part : partFiles(folder)) {
            all.addAll(lines(part));
        }
        List<JsonNode> found = all.stream().filter(r -> r.get("line").asLong() == line).toList();
        assertThat(found).as("records of line %d in %s", line, folder).hasSize(1);
        return found.get(0);
    }

    private static List<Path> partFiles(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().matches("part-\\d{5}\\.jsonl")).sorted().toList();
        }
    }

    private static List<JsonNode> lines(Path file) {
        try {
            List<JsonNode> records = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                records.add(JSON.readTree(line));
            }
            return records;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
