package io.apiingest.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.util.RawValue;
import io.apiingest.flow.ChainResume;
import io.apiingest.flow.FetchOutcome;
import io.apiingest.flow.FetchRequest;
import io.apiingest.flow.OriginTally;
import io.apiingest.flow.PageEnd;
import io.apiingest.flow.RecordKey;
import org.junit.jupiter.api.Test;

class MessagesTest {

    private final Messages messages = new Messages();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void should_carry_a_request_whole_to_a_worker() throws Exception {
        FetchRequest request = new FetchRequest("orders", 7, "POST", URI.create("https://api.example.com/o?a=%20b"),
                "https://api.example.com/o?a=%20b", Map.of("X-Tenant", "acme"),
                "{\"n\":1}".getBytes(StandardCharsets.UTF_8), com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.numberNode(
                        new java.math.BigDecimal("12345678901234567890.5")),
                json.readTree("{\"c\":\"c-17\"}"), null, new ChainResume(3, 0, 0, "https://api.example.com/o?p=3",
                        null));

        FetchRequest back = messages.request(messages.request(request, null)).request();

        assertThat(back.job()).isEqualTo("orders");
        assertThat(back.line()).isEqualTo(7);
        assertThat(back.method()).isEqualTo("POST");
        assertThat(back.uri()).isEqualTo(request.uri());
        assertThat(back.headers()).isEqualTo(Map.of("X-Tenant", "acme"));
        assertThat(new String(back.body(), StandardCharsets.UTF_8)).isEqualTo("{\"n\":1}");
        assertThat(back.id().decimalValue()).as("an id's digits, every one").isEqualTo("12345678901234567890.5");
        assertThat(back.meta()).isEqualTo(request.meta());
        assertThat(back.resume()).isEqualTo(request.resume());
    }

    @Test
    void should_tell_a_worker_when_the_requests_file_deadline_passes() throws Exception {
        FetchRequest request = new FetchRequest("orders", 7, "POST", URI.create("https://a.example/o"),
                "https://a.example/o", Map.of("X-Tenant", "acme"), "{\"n\":1}".getBytes(StandardCharsets.UTF_8),
                null, null, null);

        Messages.Request back = messages.request(messages.request(request, 1_767_225_600_123L));

        assertThat(back.deadlineAt()).isEqualTo(1_767_225_600_123L);
        assertThat(back.request().headers()).isEqualTo(Map.of("X-Tenant", "acme"));
        assertThat(new String(back.request().body(), StandardCharsets.UTF_8)).isEqualTo("{\"n\":1}");
        assertThat(back.request().uri()).isEqualTo(request.uri());
        assertThat(messages.request(messages.request(request, null)).deadlineAt()).as("none").isNull();
        // as an intake before deadlines travelled wrote it
        byte[] older = "{\"job\":\"orders\",\"line\":7,\"method\":\"GET\",\"uri\":\"https://a.example/o\",\"url\":\"https://a.example/o\"}"
                .getBytes(StandardCharsets.UTF_8);
        Messages.Request old = messages.request(older);
        assertThat(old.deadlineAt()).isNull();
        assertThat(old.request().line()).isEqualTo(7);
    }

    @Test
    void should_carry_a_record_that_writes_as_the_worker_would_have_written_it() throws Exception {
        FetchRequest request = new FetchRequest("orders", 3, "GET", URI.create("https://a.example/x"),
                "https://a.example/x", Map.of("Authorization", "Bearer not-in-results"), null, null, null, null);
        FetchOutcome.Fetched fetched = new FetchOutcome.Fetched(new RecordKey(3, 2, 5), request, 200, 2, 31,
                new RawValue("{\"price\":12.50000000000000000001}"));

        Object back = messages.result(messages.result(fetched, Map.of())).body();

        assertThat(back).isInstanceOf(FetchOutcome.Fetched.class);
        assertThat(written((FetchOutcome) back)).isEqualTo(written(fetched));
        assertThat(new String(messages.result(fetched, Map.of()), StandardCharsets.UTF_8)).doesNotContain("not-in-results");
    }

    @Test
    void should_carry_a_failure_and_a_page_end() throws Exception {
        FetchRequest request = FetchRequest.get("orders", 9, URI.create("https://a.example/9"), "https://a.example/9");
        FetchOutcome.Failed failed = new FetchOutcome.Failed(request, null, 4, "timed out");
        PageEnd end = new PageEnd("orders", 9, 2, 10, new ChainResume(3, 0, 10, "https://a.example/9?p=3", null),
                false, 200, 1, 12);

        assertThat(written((FetchOutcome) messages.result(messages.result(failed, Map.of())).body())).isEqualTo(written(failed));
        assertThat(messages.result(messages.result(end, Map.of())).body()).isEqualTo(end);
    }

    @Test
    void should_carry_the_workers_figures_per_origin_with_a_result() throws Exception {
        FetchRequest request = new FetchRequest("orders", 4, "GET", URI.create("https://a.example/4"),
                "https://a.example/4", Map.of("Authorization", "Bearer not-in-results"), null, null, null, null);
        FetchOutcome.Failed failed = new FetchOutcome.Failed(request, 429, 3, "too many requests");
        Map<String, OriginTally.Figures> figures = Map.of(
                "https://a.example", new OriginTally.Figures(3, 3, 2.5),
                "https://b.example:8443", new OriginTally.Figures(1, 0, null));

        byte[] message = messages.result(failed, figures);
        Messages.Result back = messages.result(message);

        assertThat(back.origins()).isEqualTo(figures);
        assertThat(back.job()).isEqualTo("orders");
        assertThat(written((FetchOutcome) back.body())).isEqualTo(written(failed));
        assertThat(new String(message, StandardCharsets.UTF_8)).doesNotContain("not-in-results");
        PageEnd end = new PageEnd("orders", 4, 1, 0, null, false, 200, 1, 5);
        assertThat(messages.result(messages.result(end, figures)).origins()).as("with a page end")
                .isEqualTo(figures);
    }

    @Test
    void should_read_a_result_without_figures_as_one_with_none() throws Exception {
        FetchRequest request = FetchRequest.get("orders", 9, URI.create("https://a.example/9"), "https://a.example/9");
        // as a worker before per-origin figures wrote it
        byte[] older = ("{\"key\":{\"line\":9,\"page\":0,\"item\":-1},\"request\":{\"job\":\"orders\",\"line\":9,"
                + "\"method\":\"GET\",\"url\":\"https://a.example/9\"},\"kind\":\"failed\",\"status\":null,"
                + "\"attempts\":1,\"error\":\"timed out\"}").getBytes(StandardCharsets.UTF_8);

        Messages.Result back = messages.result(older);

        assertThat(back.origins()).isEmpty();
        assertThat(written((FetchOutcome) back.body()))
                .isEqualTo(written(new FetchOutcome.Failed(request, null, 1, "timed out")));
        assertThat(new String(messages.result(back.body(), Map.of()), StandardCharsets.UTF_8))
                .as("no figures, no field").doesNotContain("origins");
    }

    @Test
    void should_tell_a_lines_last_result() {
        FetchRequest request = FetchRequest.get("orders", 9, URI.create("https://a.example/9"), "https://a.example/9");
        assertThat(LineEnds.endsLine(new FetchOutcome.Failed(request, null, 4, "x"))).as("a line's only record")
                .isTrue();
        assertThat(LineEnds.endsLine(new FetchOutcome.Failed(new RecordKey(9, 2, RecordKey.NO_ITEM), request, 500, 4,
                "x"))).as("a page failed for good").isTrue();
        assertThat(LineEnds.endsLine(new FetchOutcome.Failed(new RecordKey(9, 2, 3), request, 200, 1, "x")))
                .as("an item's error").isFalse();
        assertThat(LineEnds.endsLine(new FetchOutcome.Fetched(new RecordKey(9, 1, RecordKey.NO_ITEM), request, 200,
                1, 5, new RawValue("{}")))).as("a page's record").isFalse();
        assertThat(LineEnds.endsLine(new PageEnd("orders", 9, 1, 0, null, false, 200, 1, 5))).isTrue();
    }

    private static String written(FetchOutcome outcome) throws Exception {
        StringWriter out = new StringWriter();
        // the sink's generator: the app's mapper's factory, which writes trees
        try (JsonGenerator generator = new ObjectMapper().getFactory().createGenerator(out)) {
            outcome.write(generator);
        }
        return out.toString();
    }
}
