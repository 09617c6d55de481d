package io.apiingest;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A URL whose host is a Docker Compose service name, {@code http://my_api:PORT/}, fetched for real by the packaged
 * jar. The name resolves through the JDK's own resolver, pointed at a hosts file of the test's
 * ({@code -Djdk.net.hosts.file}, read once per JVM, hence a JVM of its own): no /etc/hosts entry, no DNS server.
 */
class ComposeServiceNameIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path workDir;

    private LocalApi api;

    @BeforeEach
    void start_local_api() throws Exception {
        api = LocalApi.start();
    }

    @AfterEach
    void stop_local_api() {
        api.close();
    }

    @Test
    void should_fetch_a_url_whose_host_is_a_compose_service_name_with_an_underscore() throws Exception {
        Path hosts = Files.writeString(workDir.resolve("hosts"), "127.0.0.1 my_api\n");
        String base = api.url("").replace("127.0.0.1", "my_api");
        Path inbox = Files.createDirectories(workDir.resolve("inbox"));
        Files.writeString(inbox.resolve("compose.txt"), base + "/host\n" + base + "/ok/7\n", StandardCharsets.UTF_8);

        JarProcess run = JarProcess.start(workDir, "compose", List.of("-Djdk.net.hosts.file=" + hosts),
                List.of("--ingest.once=true", "--ingest.metrics.port=0"));

        assertThat(run.awaitExit(Duration.ofSeconds(120))).as("exit code; output:%n%s", run.output()).isZero();
        List<JsonNode> records = IngestTestSupport.readLines(workDir.resolve("outbox/compose/part-00001.jsonl"));
        assertThat(records).as("records; output:%n%s", run.output()).hasSize(2);
        JsonNode host = records.stream().filter(r -> r.get("line").asInt() == 1).findFirst().orElseThrow();
        assertThat(host.get("url").asText()).isEqualTo(base + "/host");
        assertThat(host.get("body").get("host").asText()).as("the Host header the API saw")
                .isEqualTo(base.substring("http://".length()));
        JsonNode ok = records.stream().filter(r -> r.get("line").asInt() == 2).findFirst().orElseThrow();
        assertThat(ok.get("body")).isEqualTo(JSON.readTree("{\"n\":7}"));
        assertThat(api.requestsTo("/host")).isEqualTo(1);
    }
}
