package io.apiingest.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.apiingest.flow.FetchOutcome;
import io.apiingest.flow.FetchRequest;
import io.apiingest.flow.RecordKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JSON-lines sink: what it writes, what a resume reads back of it, and what a crash leaves. */
class JsonLinesSinkTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void should_write_successes_into_parts_and_failures_into_errors_and_read_them_back() throws Exception {
        JsonLinesSink sink = opened();
        sink.record(fetched(RecordKey.of(1), 200, 1, 12));
        sink.record(failed(RecordKey.of(2), 404, 1));
        sink.record(fetched(RecordKey.of(3), 201, 3, 40));
        sink.record(failed(RecordKey.of(4), null, 4));
        sink.complete();

        assertThat(Files.readAllLines(dir.resolve("part-00001.jsonl"))).containsExactly(
                "{\"line\":1,\"url\":\"http://127.0.0.1:9/1\",\"status\":200,\"attempts\":1,\"elapsedMs\":12,"
                        + "\"body\":{\"n\":1}}",
                "{\"line\":3,\"url\":\"http://127.0.0.1:9/3\",\"status\":201,\"attempts\":3,\"elapsedMs\":40,"
                        + "\"body\":{\"n\":3}}");
        assertThat(Files.readAllLines(dir.resolve(JsonLinesSink.ERRORS))).containsExactly(
                "{\"line\":2,\"url\":\"http://127.0.0.1:9/2\",\"status\":404,\"attempts\":1,\"error\":\"HTTP 404\"}",
                "{\"line\":4,\"url\":\"http://127.0.0.1:9/4\",\"status\":null,\"attempts\":4,"
                        + "\"error\":\"connection refused\"}");
        assertThat(heads(new JsonLinesSink(dir, 2, JSON.getFactory()))).containsExactlyInAnyOrder(
                new RecordHead(RecordKey.of(1), false, 200, 1, 12L),
                new RecordHead(RecordKey.of(3), false, 201, 3, 40L),
                new RecordHead(RecordKey.of(2), true, 404, 1, null),
                new RecordHead(RecordKey.of(4), true, null, 4, null));
    }

    @Test
    void should_read_back_the_keys_of_pages_and_items_an_abandoned_run_wrote() throws Exception {
        JsonLinesSink sink = opened();
        sink.record(fetched(new RecordKey(1, 1, RecordKey.NO_ITEM), 200, 1, 5));
        sink.record(fetched(new RecordKey(1, 2, 0), 200, 1, 6));
        sink.record(failed(new RecordKey(1, 3, RecordKey.NO_ITEM), 500, 4));
        sink.record(fetched(RecordKey.of(2), 200, 1, 7));
        sink.abandon();
        assertThat(dir.resolve(".part-00002.jsonl.tmp")).as("line 2, in the part left open").exists();

        assertThat(Files.readString(dir.resolve("part-00001.jsonl"))).startsWith(
                "{\"line\":1,\"page\":1,\"url\":").contains("\n{\"line\":1,\"page\":2,\"item\":0,\"url\":");
        assertThat(heads(new JsonLinesSink(dir, 2, JSON.getFactory()))).extracting(RecordHead::key)
                .containsExactlyInAnyOrder(new RecordKey(1, 1, RecordKey.NO_ITEM), new RecordKey(1, 2, 0),
                        new RecordKey(1, 3, RecordKey.NO_ITEM), RecordKey.of(2));
    }

    @Test
    void should_cut_a_torn_last_line_and_append_after_the_records_it_keeps() throws Exception {
        JsonLinesSink first = opened();
        first.record(fetched(RecordKey.of(1), 200, 1, 5));
        first.record(failed(RecordKey.of(2), 503, 4));
        first.abandon();
        Files.writeString(dir.resolve(".part-00001.jsonl.tmp"), "{\"line\":3,\"url\":\"http://127.0",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        Files.writeString(dir.resolve(JsonLinesSink.OPEN_ERRORS), "{\"line\":4,\"ur", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);

        JsonLinesSink second = new JsonLinesSink(dir, 2, JSON.getFactory());
        assertThat(heads(second)).extracting(RecordHead::key).containsExactlyInAnyOrder(RecordKey.of(1),
                RecordKey.of(2));
        second.open();
        second.record(fetched(RecordKey.of(3), 200, 1, 5));
        second.record(fetched(RecordKey.of(5), 200, 1, 5));
        second.record(failed(RecordKey.of(4), 404, 1));
        second.complete();

        assertThat(Files.readAllLines(dir.resolve("part-00001.jsonl"))).extracting(JsonLinesSinkTest::line)
                .containsExactly(1L, 3L);
        assertThat(Files.readAllLines(dir.resolve("part-00002.jsonl"))).extracting(JsonLinesSinkTest::line)
                .containsExactly(5L);
        assertThat(Files.readAllLines(dir.resolve(JsonLinesSink.ERRORS))).extracting(JsonLinesSinkTest::line)
                .containsExactly(2L, 4L);
        assertThat(dir.resolve(".part-00001.jsonl.tmp")).doesNotExist();
        assertThat(dir.resolve(JsonLinesSink.OPEN_ERRORS)).doesNotExist();
    }

    @Test
    void should_not_open_before_reading_what_the_folder_holds() {
        JsonLinesSink sink = new JsonLinesSink(dir, 2, JSON.getFactory());

        assertThatThrownBy(sink::open).isInstanceOf(IllegalStateException.class);
    }

    private JsonLinesSink opened() throws Exception {
        JsonLinesSink sink = new JsonLinesSink(dir, 2, JSON.getFactory());
        assertThat(heads(sink)).isEmpty();
        sink.open();
        return sink;
    }

    private static List<RecordHead> heads(JsonLinesSink sink) throws Exception {
        List<RecordHead> heads = new ArrayList<>();
        sink.alreadyRecorded(heads::add, page -> { });
        return heads;
    }

    private static long line(String record) {
        try {
            return JSON.readTree(record).get("line").asLong();
        } catch (Exception e) {
            throw new AssertionError(record, e);
        }
    }

    private static FetchRequest request(long line) {
        return FetchRequest.get("job", line, URI.create("http://127.0.0.1:9/" + line), "http://127.0.0.1:9/" + line);
    }

    private static FetchOutcome fetched(RecordKey key, int status, int attempts, long elapsedMs) {
        return new FetchOutcome.Fetched(key, request(key.line()), status, attempts, elapsedMs,
                JSON.createObjectNode().put("n", key.line()));
    }

    private static FetchOutcome failed(RecordKey key, Integer status, int attempts) {
        return new FetchOutcome.Failed(key, request(key.line()), status, attempts,
                status == null ? "connection refused" : "HTTP " + status);
    }
}
