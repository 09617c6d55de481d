package io.apiingest.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import org.junit.jupiter.api.Test;

class ResponseBodyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final ResponseBody responseBody = new ResponseBody(JSON);

    @Test
    void should_parse_a_json_object_served_as_json() {
        JsonNode node = toJson("{\"id\":7,\"name\":\"x\"}", "application/json");

        assertThat(node).isInstanceOf(ObjectNode.class);
        assertThat(node.get("id").asInt()).isEqualTo(7);
        assertThat(node.get("name").asText()).isEqualTo("x");
    }

    @Test
    void should_parse_a_json_array_served_without_content_type() {
        JsonNode node = toJson("[1,2,3]", null);

        assertThat(node).isInstanceOf(ArrayNode.class);
        assertThat(node).hasSize(3);
    }

    @Test
    void should_parse_json_under_a_vendor_json_type_with_parameters() {
        JsonNode node = toJson("{\"a\":1}", "application/problem+json; charset=utf-8");

        assertThat(node).isInstanceOf(ObjectNode.class);
    }

    @Test
    void should_keep_malformed_json_as_the_raw_text() {
        JsonNode node = toJson("{\"a\":", "application/json");

        assertThat(node).isEqualTo(TextNode.valueOf("{\"a\":"));
    }

    @Test
    void should_keep_json_followed_by_trailing_garbage_as_the_raw_text() {
        JsonNode node = toJson("{\"a\":1} trailing", "application/json");

        assertThat(node).isEqualTo(TextNode.valueOf("{\"a\":1} trailing"));
    }

    @Test
    void should_keep_two_concatenated_json_values_as_the_raw_text() {
        JsonNode node = toJson("{\"a\":1}{\"b\":2}", null);

        assertThat(node).isEqualTo(TextNode.valueOf("{\"a\":1}{\"b\":2}"));
    }

    @Test
    void should_keep_a_number_served_as_plain_text_as_a_string() {
        assertThat(toJson("123", "text/plain")).isEqualTo(TextNode.valueOf("123"));
    }

    @Test
    void should_keep_html_as_a_string() {
        String html = "<html><body>Service Unavailable</body></html>";

        assertThat(toJson(html, "text/html")).isEqualTo(TextNode.valueOf(html));
    }

    @Test
    void should_parse_a_json_object_served_as_plain_text() {
        JsonNode node = toJson("{\"a\":1}", "text/plain");

        assertThat(node).isInstanceOf(ObjectNode.class);
        assertThat(node.get("a").asInt()).isEqualTo(1);
    }

    @Test
    void should_parse_a_json_array_served_as_plain_text_after_white_space_and_a_bom() {
        JsonNode node = toJson("\uFEFF \r\n\t[true]", "text/plain");

        assertThat(node).isInstanceOf(ArrayNode.class);
        assertThat(node.get(0).asBoolean()).isTrue();
    }

    @Test
    void should_give_an_empty_string_for_an_empty_or_absent_body() {
        assertThat(bodyOf(new byte[0], "application/json")).isEqualTo(TextNode.valueOf(""));
        assertThat(bodyOf(null, null)).isEqualTo(TextNode.valueOf(""));
    }

    @Test
    void should_keep_a_white_space_body_served_as_json_as_text() {
        assertThat(toJson("  ", "application/json")).isEqualTo(TextNode.valueOf("  "));
    }

    @Test
    void should_decode_text_in_the_charset_of_the_content_type() {
        byte[] latin1 = "café".getBytes(StandardCharsets.ISO_8859_1);

        assertThat(bodyOf(latin1, "text/plain; charset=ISO-8859-1")).isEqualTo(TextNode.valueOf("café"));
        assertThat(bodyOf(latin1, "text/plain;charset=\"iso-8859-1\"")).isEqualTo(TextNode.valueOf("café"));
    }

    @Test
    void should_decode_text_as_utf8_when_the_charset_is_absent_or_unknown() {
        byte[] utf8 = "café".getBytes(StandardCharsets.UTF_8);

        assertThat(bodyOf(utf8, "text/plain")).isEqualTo(TextNode.valueOf("café"));
        assertThat(bodyOf(utf8, "text/plain; charset=no-such-charset")).isEqualTo(TextNode.valueOf("café"));
    }

    @Test
    void should_parse_json_served_in_iso_8859_1() {
        byte[] latin1 = "{\"name\":\"café\"}".getBytes(StandardCharsets.ISO_8859_1);

        JsonNode node = bodyOf(latin1, "application/json; charset=ISO-8859-1");

        assertThat(node).isInstanceOf(ObjectNode.class);
        assertThat(node.get("name").asText()).isEqualTo("café");
    }

    @Test
    void should_copy_one_line_of_ascii_json_as_it_came() {
        String sent = "{\"price\":1.0e2,  \"tags\":[\"a\",\"\\u00e9\"]}";

        assertThat(line(sent, "application/json")).isEqualTo("{\"body\":" + sent + "}");
    }

    @Test
    void should_copy_json_ending_in_a_line_break_as_it_came_without_the_white_space_around_it() {
        assertThat(line(" {\"a\":1.50}\r\n", "application/json")).isEqualTo("{\"body\":{\"a\":1.50}}");
    }

    @Test
    void should_write_pretty_printed_json_on_one_line() throws Exception {
        String sent = "{\n  \"a\": 1,\r\n  \"b\": [true]\n}";

        String line = line(sent, "application/json");

        assertThat(line).doesNotContain("\n").doesNotContain("\r");
        assertThat(JSON.readTree(line).get("body")).isEqualTo(JSON.readTree(sent));
    }

    @Test
    void should_write_non_ascii_json_as_json() {
        assertThat(toJson("{\"name\":\"café\"}", "application/json").get("name").asText()).isEqualTo("café");
    }

    @Test
    void should_keep_json_with_a_bad_escape_or_a_bare_control_character_as_the_raw_text() {
        assertThat(toJson("{\"a\":\"\\x\"}", "application/json")).isEqualTo(TextNode.valueOf("{\"a\":\"\\x\"}"));
        assertThat(toJson("[\"a\tb\"]", "application/json")).isEqualTo(TextNode.valueOf("[\"a\tb\"]"));
        assertThat(toJson("[1,]", "application/json")).isEqualTo(TextNode.valueOf("[1,]"));
    }

    @Test
    void should_keep_invalid_utf8_inside_json_as_text() {
        byte[] sent = {'[', '"', (byte) 0xC3, '"', ']'};

        assertThat(bodyOf(sent, "application/json").isTextual()).isTrue();
    }

    private JsonNode toJson(String body, String contentType) {
        return bodyOf(body.getBytes(StandardCharsets.UTF_8), contentType);
    }

    /** The body as it reads back from the record: what a user of the output gets. */
    private JsonNode bodyOf(byte[] body, String contentType) {
        try {
            return JSON.readTree(line(body, contentType)).get("body");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private String line(String body, String contentType) {
        return line(body.getBytes(StandardCharsets.UTF_8), contentType);
    }

    /** The body written inside a record, the way the outbox writes it. */
    private String line(byte[] body, String contentType) {
        try {
            return JSON.writeValueAsString(Map.of("body", responseBody.toJson(body, contentType)));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void should_keep_every_digit_of_a_number_in_a_body_it_parses() throws Exception {
        ResponseBody bodies = new ResponseBody(new com.fasterxml.jackson.databind.ObjectMapper());
        // on two lines, so the body is parsed rather than copied as it came
        byte[] body = "{\"pi\": 3.141592653589793238462643383279,\n \"price\": 1.50, \"huge\": 1e400}"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);

        String written = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(
                bodies.toJson(body, "application/json"));

        org.assertj.core.api.Assertions.assertThat(written)
                .isEqualTo("{\"pi\":3.141592653589793238462643383279,\"price\":1.50,\"huge\":1E+400}");
    }
}
