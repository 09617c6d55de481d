package io.apiingest;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * No secret leaves the process. The packaged jar runs as a user runs it, every ingest.auth secret given through
 * {@code {{env:NAME}}} from its environment, with a distinctive value, and its log at DEBUG for io.apiingest;
 * the input has lines that succeed, are refused, loop, redirect elsewhere, carry their own
 * {@code user:password@}, cannot connect and keep failing. Then every file the run wrote (outbox, inbox/.done,
 * inbox/.error, the captured stdout and stderr), the Prometheus scrape and {@code --help} are searched for every
 * secret, as written and in the forms it is sent in (query encoding, Base64 of Basic credentials).
 */
class SecretsStayHomeIT {

    private static final String TOKEN = "S3CRET-bearer-token-7f3a";
    private static final String PASSWORD = "S3CRET-basic-password-91c2";
    private static final String API_KEY = "S3CRET-api-key/value+5b";
    private static final String CLIENT_SECRET = "S3CRET-client-secret-4d8e";
    private static final String ACCESS_TOKEN = "S3CRET-oauth-access-token-c0de";
    private static final String URL_PASSWORD = "S3CRET-url-password-77aa";
    private static final String MARK = "S3CRET";
    private static final Duration RUN_LIMIT = Duration.ofSeconds(120);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @RegisterExtension
    static WireMockExtension server = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

    @TempDir
    Path workDir;

    /** Every secret of the run, in each form it may be written in. */
    private static final List<String> FORMS = List.of(TOKEN, PASSWORD, API_KEY, CLIENT_SECRET, ACCESS_TOKEN,
            URL_PASSWORD, URLEncoder.encode(API_KEY, StandardCharsets.UTF_8),
            base64("ingest-user:" + PASSWORD), base64("alice:" + URL_PASSWORD),
            base64("ingest-client:" + CLIENT_SECRET), MARK);

    @BeforeEach
    void stubs() {
        server.stubFor(get(urlPathEqualTo("/ok")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"ok\": true}")));
        server.stubFor(get(urlPathEqualTo("/denied")).willReturn(aResponse().withStatus(401)
                .withBody("{\"error\":\"invalid_token\"}")));
        // a redirect to itself: HttpClient's error text quotes the URL sent, API key in the query and all
        server.stubFor(get(urlPathEqualTo("/loop")).willReturn(aResponse().withStatus(302)
                .withHeader("Location", "{{request.url}}").withTransformers("response-template")));
        server.stubFor(get(urlPathEqualTo("/away")).willReturn(aResponse().withStatus(302)
                .withHeader("Location", "http://localhost:" + server.getPort() + "/ok")));
        server.stubFor(get(urlPathEqualTo("/broken")).willReturn(aResponse().withStatus(500)));
    }

    @ParameterizedTest(name = "ingest.auth.type={0}")
    @ValueSource(strings = {"bearer", "basic", "api-key-header", "api-key-query", "oauth2", "oauth2-refused"})
    void should_write_no_secret_to_any_file_log_metric_or_help(String variant) throws Exception {
        boolean oauth2 = variant.startsWith("oauth2");
        if (variant.equals("oauth2")) {
            server.stubFor(post("/token").willReturn(aResponse().withStatus(200).withHeader("Content-Type",
                    "application/json").withBody("{\"access_token\":\"" + ACCESS_TOKEN
                    + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}")));
        } else if (oauth2) {
            // a token endpoint that quotes the secret it was sent back in its error
            server.stubFor(post("/token").willReturn(aResponse().withStatus(401).withHeader("Content-Type",
                    "application/json").withBody("{\"error\":\"invalid_client\",\"error_description\":\"secret "
                    + CLIENT_SECRET + " (" + URLEncoder.encode(CLIENT_SECRET, StandardCharsets.UTF_8)
                    + ") is wrong\"}")));
        }
        writeProperties(variant.startsWith("api-key") ? "api-key" : oauth2 ? "oauth2" : variant,
                variant.equals("api-key-query") ? "query" : "header");
        int metricsPort = freePort();
        int closed = freePort();
        String base = "http://127.0.0.1:" + server.getPort();
        String input = String.join("\n", base + "/ok", base + "/denied", base + "/loop?x=1", base + "/away",
                "http://alice:" + URL_PASSWORD + "@127.0.0.1:" + server.getPort() + "/ok?line=5",
                "http://alice:" + URL_PASSWORD + "@127.0.0.1:" + closed + "/ok", base + "/broken",
                "not a url") + "\n";

        JarProcess app = JarProcess.start(workDir, "run", List.of("-Dorg.slf4j.simpleLogger.log.io.apiingest=debug"),
                List.of("--ingest.metrics.port=" + metricsPort, "--ingest.retry.delay-ms=50",
                        "--ingest.retry.max=1", "--ingest.progress-interval-s=1"), environment());
        drop("secrets.txt", input.getBytes(StandardCharsets.UTF_8));
        drop("binary.txt", new byte[] {0, 1, 2, 0, 'x', 0});
        await().atMost(RUN_LIMIT).pollInterval(Duration.ofMillis(100))
                .failFast("the app exited: " + variant, () -> !app.process().isAlive())
                .until(() -> Files.exists(workDir.resolve("inbox/.done/secrets.txt"))
                        && Files.exists(workDir.resolve("inbox/.error/binary.txt")));
        String metrics = httpGet("http://127.0.0.1:" + metricsPort + "/observe/metrics").body();
        app.process().destroy();
        assertThat(app.awaitExit(RUN_LIMIT)).as(app.output()).isZero();
        JarProcess help = JarProcess.start(workDir, "help", List.of(), List.of("--help"), environment());
        assertThat(help.awaitExit(RUN_LIMIT)).isZero();

        assertThat(workDir.resolve("outbox/secrets/_SUMMARY.json")).isRegularFile();
        assertCredentialsWereSent(variant);
        assertThat(metrics).contains("ingest_requests_total");
        Map<String, String> written = filesUnder(workDir);
        // the input itself, moved as it was dropped, holds the password its user wrote into a URL: not ours to hide
        assertThat(written.remove("inbox/.done/secrets.txt")).isEqualTo(input);
        written.put("(Prometheus scrape)", metrics);
        assertThat(written).containsKeys("run-stdout.log", "run-stderr.log", "help-stdout.log",
                "outbox/secrets/errors.jsonl", "inbox/.error/binary.txt");
        assertThat(written.get("run-stderr.log") + written.get("run-stdout.log")).as("DEBUG lines were captured")
                .contains("DEBUG");
        written.forEach((file, text) -> {
            for (String secret : FORMS) {
                assertThat(text).as("%s (%s) holds a secret", file, variant).doesNotContain(secret);
            }
        });
    }

    @Test
    void should_exit_2_naming_the_setting_and_the_variable_when_an_env_placeholder_has_no_variable()
            throws Exception {
        writeProperties("bearer", "header");
        Map<String, String> environment = new LinkedHashMap<>(environment());
        environment.remove("API_INGEST_TEST_TOKEN");

        JarProcess app = JarProcess.start(workDir, "missing", List.of(), List.of("--ingest.once=true"),
                environment);

        assertThat(app.awaitExit(RUN_LIMIT)).as(app.output()).isEqualTo(2);
        assertThat(app.stderr()).contains("api-ingest: ingest.auth.token: the environment variable "
                + "API_INGEST_TEST_TOKEN is not set ({{env:API_INGEST_TEST_TOKEN}})")
                .doesNotContain("Exception").doesNotContain("\tat ");
    }

    /** The project's application.properties, its ingest.auth.* lines set to take every secret from the environment. */
    private void writeProperties(String type, String keyIn) throws IOException {
        Map<String, String> auth = new LinkedHashMap<>();
        auth.put("ingest.auth.type", type);
        auth.put("ingest.auth.token", "{{env:API_INGEST_TEST_TOKEN}}");
        auth.put("ingest.auth.username", "ingest-user");
        auth.put("ingest.auth.password", "{{env:API_INGEST_TEST_PASSWORD}}");
        auth.put("ingest.auth.api-key.name", keyIn.equals("query") ? "api_key" : "X-API-Key");
        auth.put("ingest.auth.api-key.in", keyIn);
        auth.put("ingest.auth.api-key.value", "{{env:API_INGEST_TEST_API_KEY}}");
        auth.put("ingest.auth.token-url", "http://127.0.0.1:" + server.getPort() + "/token");
        auth.put("ingest.auth.client-id", "ingest-client");
        auth.put("ingest.auth.client-secret", "{{env:API_INGEST_TEST_CLIENT_SECRET}}");
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("application.properties"))) {
            int eq = line.indexOf('=');
            String key = eq < 0 ? null : line.substring(0, eq).strip();
            lines.add(key != null && auth.containsKey(key) ? key + " = " + auth.get(key) : line);
        }
        Files.write(workDir.resolve("application.properties"), lines);
        assertThat(Files.readString(workDir.resolve("application.properties"))).doesNotContain(MARK);
    }

    private static Map<String, String> environment() {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("API_INGEST_TEST_TOKEN", TOKEN);
        environment.put("API_INGEST_TEST_PASSWORD", PASSWORD);
        environment.put("API_INGEST_TEST_API_KEY", API_KEY);
        environment.put("API_INGEST_TEST_CLIENT_SECRET", CLIENT_SECRET);
        return environment;
    }

    /** The secrets were really in play: the API (or the token endpoint) received them. */
    private static void assertCredentialsWereSent(String variant) {
        var first = server.findAll(anyRequestedFor(urlEqualTo("/ok")).withHeader("Host",
                com.github.tomakehurst.wiremock.client.WireMock.containing("127.0.0.1")));
        switch (variant) {
            case "bearer" -> assertThat(first).anySatisfy(r -> assertThat(r.getHeader("Authorization"))
                    .isEqualTo("Bearer " + TOKEN));
            case "basic" -> assertThat(first).anySatisfy(r -> assertThat(r.getHeader("Authorization"))
                    .isEqualTo("Basic " + base64("ingest-user:" + PASSWORD)));
            case "api-key-header" -> assertThat(first).anySatisfy(r -> assertThat(r.getHeader("X-API-Key"))
                    .isEqualTo(API_KEY));
            case "api-key-query" -> assertThat(server.findAll(anyRequestedFor(urlPathEqualTo("/ok"))))
                    .anySatisfy(r -> assertThat(r.queryParameter("api_key").firstValue()).isEqualTo(API_KEY));
            case "oauth2" -> assertThat(first).anySatisfy(r -> assertThat(r.getHeader("Authorization"))
                    .isEqualTo("Bearer " + ACCESS_TOKEN));
            default -> {
                assertThat(server.findAll(postRequestedFor(urlEqualTo("/token")))).isNotEmpty();
                // only the line with its own user:password@ reached the API: the others had no token
                assertThat(server.findAll(anyRequestedFor(anyUrl()))).filteredOn(r -> !r.getUrl().equals("/token"))
                        .singleElement().satisfies(r -> assertThat(r.getHeader("Authorization"))
                                .isEqualTo("Basic " + base64("alice:" + URL_PASSWORD)));
            }
        }
    }

    /** Every file under {@code root}, by its path relative to it, as text. */
    private static Map<String, String> filesUnder(Path root) throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path file : all.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(file).toString().replace('\\', '/'),
                        new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
            }
        }
        return files;
    }

    private void drop(String name, byte[] content) throws IOException {
        Path inbox = Files.createDirectories(workDir.resolve("inbox"));
        Path aside = workDir.resolve(name + ".writing");
        Files.write(aside, content);
        Files.setLastModifiedTime(aside, FileTime.from(Instant.now().minusSeconds(5)));
        Files.move(aside, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    private static HttpResponse<String> httpGet(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
