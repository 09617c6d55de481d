package io.apiingest.output;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.apiingest.flow.FetchOutcome;
import io.apiingest.flow.FetchRequest;
import io.apiingest.flow.FileNames;
import io.apiingest.flow.RecordKey;
import io.apiingest.metrics.IngestMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A chain cut off by a stop starts over from its first page on the next run (no mid-chain resume yet): the pages
 * the earlier run recorded are not written again, the chain moves on through them, and the line counts once.
 */
class ChainAfterResumeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    private final CamelContext camel = new DefaultCamelContext();

    @AfterEach
    void close_camel() throws Exception {
        camel.close();
    }

    @Test
    void should_write_each_page_once_when_a_restarted_chain_fetches_it_again() throws Exception {
        Path input = work.resolve("pages.txt");
        Files.writeString(input, "http://127.0.0.1:9/a\nhttp://127.0.0.1:9/b\n", StandardCharsets.UTF_8);
        Path root = work.resolve("outbox");

        Outbox first = new Outbox(root, 1, JSON, new IngestMetrics(new SimpleMeterRegistry()), false);
        Exchange firstRun = exchangeFor(input);
        first.open(firstRun);
        String job = firstRun.getProperty(FileNames.JOB, String.class);
        first.record(page(job, 1, 1, "first run"), true);
        first.record(page(job, 1, 2, "first run"), true);
        first.abandon(firstRun);

        Outbox second = new Outbox(root, 1, JSON, new IngestMetrics(new SimpleMeterRegistry()), false);
        Exchange secondRun = exchangeFor(input);
        second.open(secondRun);
        assertThat(second.alreadyRecorded(job).test(1)).as("a chain not finished is fetched again").isFalse();
        second.record(page(job, 1, 1, "second run"), true);
        second.record(page(job, 1, 2, "second run"), true);
        second.record(page(job, 1, 3, "second run"), false);
        second.record(new FetchOutcome.Failed(request(job, 2), 404, 1, "HTTP 404"));
        second.expect(job, 2);
        second.finish(secondRun);

        List<JsonNode> records = new ArrayList<>();
        try (var files = Files.list(root.resolve(job))) {
            for (Path part : files.filter(f -> f.getFileName().toString().startsWith("part-")).sorted().toList()) {
                for (String line : Files.readAllLines(part)) {
                    records.add(JSON.readTree(line));
                }
            }
        }
        assertThat(records).extracting(r -> r.get("page").asInt()).containsExactlyInAnyOrder(1, 2, 3);
        assertThat(records).extracting(r -> r.get("page").asInt() + ":" + r.get("body").get("run").asText())
                .containsExactlyInAnyOrder("1:first run", "2:first run", "3:second run");
        JsonNode summary = JSON.readTree(root.resolve(job).resolve("_SUMMARY.json").toFile());
        assertThat(summary.get("total").asInt()).isEqualTo(2);
        assertThat(summary.get("succeeded").asInt()).isEqualTo(1);
        assertThat(summary.get("failed").asInt()).isEqualTo(1);
    }

    private Exchange exchangeFor(Path input) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setHeader(Exchange.FILE_NAME_ONLY, input.getFileName().toString());
        exchange.getMessage().setBody(input.toFile());
        return exchange;
    }

    private static FetchRequest request(String job, long line) {
        return FetchRequest.get(job, line, URI.create("http://127.0.0.1:9/" + line), "http://127.0.0.1:9/" + line);
    }

    private static FetchOutcome page(String job, long line, int page, String run) {
        return new FetchOutcome.Fetched(new RecordKey(line, page, RecordKey.NO_ITEM), request(job, line), 200, 1, 5,
                JSON.createObjectNode().put("run", run));
    }
}
