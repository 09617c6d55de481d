package io.apiingest.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.apiingest.flow.FetchOutcome;
import io.apiingest.flow.FetchRequest;
import io.apiingest.flow.RecordKey;
import org.junit.jupiter.api.Test;

class FetchOutcomeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void should_write_a_success_record_with_its_fields_in_the_documented_order() throws Exception {
        FetchOutcome fetched = new FetchOutcome.Fetched(request(3, "http://127.0.0.1/a?x=\"1\""), 200, 2, 17,
                new RawValue("{\"id\":1.50}"));

        assertThat(written(fetched)).isEqualTo(
                "{\"line\":3,\"url\":\"http://127.0.0.1/a?x=\\\"1\\\"\",\"status\":200,\"attempts\":2,"
                        + "\"elapsedMs\":17,\"body\":{\"id\":1.50}}");
    }

    @Test
    void should_write_a_parsed_or_text_body_as_json() throws Exception {
        FetchOutcome tree = new FetchOutcome.Fetched(request(1, "u"), 200, 1, 0, JSON.readTree("{\"a\":[1,null]}"));
        FetchOutcome text = new FetchOutcome.Fetched(request(1, "u"), 200, 1, 0, TextNode.valueOf("<p>hi</p>"));

        assertThat(written(tree)).endsWith(",\"body\":{\"a\":[1,null]}}");
        assertThat(written(text)).endsWith(",\"body\":\"<p>hi</p>\"}");
    }

    @Test
    void should_write_a_failure_record_with_a_null_status_when_no_response_came() throws Exception {
        FetchOutcome failed = new FetchOutcome.Failed(request(9, "http://127.0.0.1/"), null, 4, "connection refused");
        FetchOutcome refused = new FetchOutcome.Failed(request(9, "http://127.0.0.1/"), 404, 1, "HTTP 404 Not Found");

        assertThat(written(failed)).isEqualTo("{\"line\":9,\"url\":\"http://127.0.0.1/\",\"status\":null,"
                + "\"attempts\":4,\"error\":\"connection refused\"}");
        assertThat(written(refused)).contains("\"status\":404,");
    }

    @Test
    void should_write_page_and_item_right_after_line_when_the_key_has_them() throws Exception {
        FetchOutcome page = new FetchOutcome.Fetched(new RecordKey(4, 2, RecordKey.NO_ITEM), request(4, "u"), 200, 1,
                3, new RawValue("[]"));
        FetchOutcome item = new FetchOutcome.Failed(new RecordKey(4, 2, 0), request(4, "u"), 200, 1, "no array");

        assertThat(written(page)).startsWith("{\"line\":4,\"page\":2,\"url\":\"u\",");
        assertThat(written(item)).startsWith("{\"line\":4,\"page\":2,\"item\":0,\"url\":\"u\",");
    }

    @Test
    void should_refuse_a_key_of_another_line_than_its_request() {
        assertThatThrownBy(() -> new FetchOutcome.Failed(RecordKey.of(5), request(4, "u"), null, 0, "x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RecordKey(4, RecordKey.NO_PAGE, 0)).as("an item belongs to a page")
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static FetchRequest request(long line, String url) {
        return FetchRequest.get("job", line, URI.create("http://127.0.0.1/"), url);
    }

    private static String written(FetchOutcome outcome) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator out = JSON.getFactory().createGenerator(bytes)) {
            outcome.write(out);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
