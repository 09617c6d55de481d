package io.apiingest.output;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.apiingest.flow.ChainResume;
import io.apiingest.flow.FetchOutcome;
import io.apiingest.flow.PageEnd;
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
 * A chain cut off by a stop goes on after its last page done on the next run: the ledger hands out where it goes
 * on, a page recorded but not yet done is not written again when it is fetched again, and the line counts once.
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
    void should_resume_a_chain_after_its_last_page_done_and_write_each_page_once() throws Exception {
        Path input = work.resolve("pages.txt");
        Files.writeString(input, "http://127.0.0.1:9/a\nhttp://127.0.0.1:9/b\n", StandardCharsets.UTF_8);
        Path root = work.resolve("outbox");

        Outbox first = new Outbox(root, 1, JSON, new IngestMetrics(new SimpleMeterRegistry()), false);
        Exchange firstRun = exchangeFor(input);
        first.open(firstRun);
        String job = firstRun.getProperty(FileNames.JOB, String.class);
        first.record(page(job, 1, 1, "first run"));
        first.pageDone(done(job, 1, 1, 2));
        first.record(page(job, 1, 2, "first run")); // recorded, then the stop: page 2 is not done
        first.abandon(firstRun);

        Outbox second = new Outbox(root, 1, JSON, new IngestMetrics(new SimpleMeterRegistry()), false);
        Exchange secondRun = exchangeFor(input);
        second.open(secondRun);
        assertThat(second.alreadyRecorded(job).test(1)).as("a chain not finished is fetched again").isFalse();
        assertThat(second.chainsToResume(job).apply(1)).as("from its page 2, not its first")
                .isEqualTo(new ChainResume(2, 0, 0, "http://127.0.0.1:9/1?page=2", null));
        assertThat(second.chainsToResume(job).apply(2)).as("a line without pages starts as ever").isNull();
        second.record(page(job, 1, 2, "second run"));
        second.pageDone(done(job, 1, 2, 3));
        second.record(page(job, 1, 3, "second run"));
        second.pageDone(done(job, 1, 3, 0));
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
        assertThat(summary.get("pages").asInt()).isEqualTo(3);
        assertThat(summary.get("records").asInt()).isEqualTo(4);
        assertThat(summary.get("errors").asInt()).isEqualTo(1);
        assertThat(summary.get("items").asInt()).isZero();
        assertThat(summary.get("truncated").asInt()).isZero();
    }

    /** Page {@code page} of the line is done; its chain goes on at {@code next}, or ends (0). */
    private static PageEnd done(String job, long line, int page, int next) {
        return new PageEnd(job, line, page, 0, next == 0 ? null
                : new ChainResume(next, 0, 0, "http://127.0.0.1:9/" + line + "?page=" + next, null), false, 200, 1, 5);
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
