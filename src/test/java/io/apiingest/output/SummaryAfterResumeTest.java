package io.apiingest.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongPredicate;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.apiingest.flow.FetchOutcome;
import io.apiingest.flow.FetchRequest;
import io.apiingest.flow.FileNames;
import io.apiingest.metrics.IngestMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file whose run stopped half-way is resumed by a new Outbox (a new process): its summary must count the records
 * the earlier run wrote, not only the new ones, in statuses, retries and latency, and time it from the first start.
 */
class SummaryAfterResumeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    private final CamelContext camel = new DefaultCamelContext();

    @AfterEach
    void close_camel() throws Exception {
        camel.close();
    }

    @Test
    void should_count_the_records_of_the_earlier_run_in_statuses_retries_and_latency() throws Exception {
        Path input = work.resolve("orders.txt");
        Files.writeString(input, LongStream.rangeClosed(1, 8).mapToObj(n -> "http://127.0.0.1:9/" + n + "\n")
                .reduce("", String::concat), StandardCharsets.UTF_8);
        Path root = work.resolve("outbox");
        Instant beforeFirstRun = Instant.now().minusMillis(1);

        Outbox first = new Outbox(root, 2, JSON, new IngestMetrics(new SimpleMeterRegistry()), false);
        Exchange firstRun = exchangeFor(input);
        first.open(firstRun);
        String job = firstRun.getProperty(FileNames.JOB, String.class);
        assertThat(job).isEqualTo("orders");
        first.record(fetched(job, 1, 200, 1, 900));
        first.record(fetched(job, 2, 200, 3, 40));
        first.record(fetched(job, 3, 201, 1, 30));
        first.record(failed(job, 4, 404, 1));
        first.record(failed(job, 5, null, 4));
        first.abandon(firstRun);
        assertThat(root.resolve("orders/_SUMMARY.json")).as("a stopped run writes no summary").doesNotExist();
        Thread.sleep(20); // the resumed run's clock has moved on: durationMs must still run from the first start

        Outbox second = new Outbox(root, 2, JSON, new IngestMetrics(new SimpleMeterRegistry()), false);
        Exchange secondRun = exchangeFor(input);
        second.open(secondRun);
        assertThat(secondRun.getProperty(FileNames.JOB, String.class)).as("the same folder, resumed")
                .isEqualTo("orders");
        LongPredicate recorded = second.alreadyRecorded(job);
        assertThat(LongStream.rangeClosed(1, 8).filter(recorded::test)).containsExactly(1L, 2L, 3L, 4L, 5L);
        second.record(fetched(job, 6, 200, 1, 10));
        second.record(fetched(job, 7, 200, 2, 20));
        second.record(failed(job, 8, 500, 4));
        second.expect(job, 8);
        second.finish(secondRun);

        JsonNode summary = JSON.readTree(root.resolve("orders/_SUMMARY.json").toFile());
        assertThat(summary.get("total").asLong()).isEqualTo(8);
        assertThat(summary.get("succeeded").asLong()).isEqualTo(5);
        assertThat(summary.get("failed").asLong()).isEqualTo(3);
        assertThat(summary.get("statusCounts").toString()).as("final statuses of both runs, by code")
                .isEqualTo("{\"200\":4,\"201\":1,\"404\":1,\"500\":1}");
        assertThat(summary.get("retries").asLong()).as("attempts beyond the first: 2 + 3 earlier, 1 + 3 now")
                .isEqualTo(9);
        // successes took 900, 40, 30 ms (earlier run) and 10, 20 ms (this run)
        assertThat(summary.get("latencyMs").toString()).isEqualTo("{\"p50\":30,\"p95\":900,\"p99\":900,\"max\":900}");

        Instant startedAt = Instant.parse(summary.get("startedAt").asText());
        Instant finishedAt = Instant.parse(summary.get("finishedAt").asText());
        assertThat(startedAt).as("the first run's start").isAfterOrEqualTo(beforeFirstRun.minusMillis(1))
                .isBefore(beforeFirstRun.plusSeconds(5));
        assertThat(Duration.between(startedAt, finishedAt).toMillis())
                .isEqualTo(summary.get("durationMs").asLong()).isGreaterThanOrEqualTo(20);

        assertThat(linesIn(root.resolve("orders"), "part-\\d{5}\\.jsonl")).containsExactlyInAnyOrder(1L, 2L, 3L,
                6L, 7L);
        assertThat(linesIn(root.resolve("orders"), "errors\\.jsonl")).containsExactlyInAnyOrder(4L, 5L, 8L);
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

    private static FetchOutcome fetched(String job, long line, int status, int attempts, long elapsedMs) {
        return new FetchOutcome.Fetched(request(job, line), status, attempts, elapsedMs,
                JSON.createObjectNode().put("n", line));
    }

    private static FetchOutcome failed(String job, long line, Integer status, int attempts) {
        return new FetchOutcome.Failed(request(job, line), status, attempts,
                status == null ? "connection refused" : "HTTP " + status);
    }

    /** The input line numbers of the records in the folder's files whose names match. */
    private static List<Long> linesIn(Path folder, String names) throws IOException {
        List<Long> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.getFileName().toString().matches(names)).toList()) {
                for (String record : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    lines.add(JSON.readTree(record).get("line").asLong());
                }
            }
        }
        return lines;
    }
}
