package io.apiingest.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.apiingest.flow.FetchRequest;
import io.apiingest.settings.IngestSettings;
import io.apiingest.settings.PaginateSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class SpecLineParserTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SpecLineParser parser = new SpecLineParser("job", "GET", new RequestParts(Map.of()),
            PaginateSettings.NONE);

    @Test
    void should_read_a_spec_of_only_a_url_as_a_get_of_it() {
        FetchRequest request = parse("{\"url\": \"https://api.example.com/items/1\"}");

        assertThat(request.defect()).isNull();
        assertThat(request.job()).isEqualTo("job");
        assertThat(request.line()).isEqualTo(3);
        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.uri()).isEqualTo(URI.create("https://api.example.com/items/1"));
        assertThat(request.url()).isEqualTo("https://api.example.com/items/1");
        assertThat(request.headers()).isEmpty();
        assertThat(request.body()).isNull();
        assertThat(request.id()).isNull();
        assertThat(request.meta()).isNull();
    }

    @Test
    void should_send_a_spec_without_method_with_the_configured_one() {
        SpecLineParser posting = new SpecLineParser("job", "POST", new RequestParts(Map.of()),
                PaginateSettings.NONE);

        assertThat(posting.parse(TextLine.of(1, "{\"url\": \"http://h/x\"}")).method()).isEqualTo("POST");
    }

    @ParameterizedTest
    @CsvSource({"get,GET", "Head,HEAD", "post,POST", "PUT,PUT", "patch,PATCH", "DeLeTe,DELETE"})
    void should_take_a_method_in_any_case(String given, String sent) {
        assertThat(parse("{\"url\": \"http://h/x\", \"method\": \"" + given + "\"}").method()).isEqualTo(sent);
    }

    @Test
    void should_send_the_headers_of_the_spec() {
        FetchRequest request = parse("{\"url\": \"http://h/x\", \"headers\": {\"Accept\": \"application/xml\", "
                + "\"X-Tenant\": \"acme\", \"X-Empty\": \"\"}}");

        assertThat(request.headers()).containsOnly(entry("Accept", "application/xml"), entry("X-Tenant", "acme"),
                entry("X-Empty", ""));
    }

    @Test
    void should_append_the_query_percent_encoded_to_a_url_without_one() {
        FetchRequest request = parse("{\"url\": \"http://h/search\", \"query\": {\"q\": \"a b&c=d/é\", "
                + "\"page\": 2, \"ratio\": 1.50, \"exact\": true, \"sort key\": \"-date\"}}");

        String query = "q=a%20b%26c%3Dd%2F%C3%A9&page=2&ratio=1.50&exact=true&sort%20key=-date";
        assertThat(request.defect()).isNull();
        assertThat(request.uri().getRawQuery()).isEqualTo(query);
        assertThat(request.url()).as("the record shows the URL as sent").isEqualTo("http://h/search?" + query);
    }

    @Test
    void should_append_the_query_after_the_query_the_url_has() {
        assertThat(parse("{\"url\": \"http://h/s?a=1\", \"query\": {\"b\": \"2\"}}").uri().toString())
                .isEqualTo("http://h/s?a=1&b=2");
        assertThat(parse("{\"url\": \"http://h/s?a=1&\", \"query\": {\"b\": \"2\"}}").uri().toString())
                .isEqualTo("http://h/s?a=1&b=2");
        assertThat(parse("{\"url\": \"http://h/s?\", \"query\": {\"b\": \"2\"}}").uri().toString())
                .isEqualTo("http://h/s?b=2");
    }

    @Test
    void should_append_the_query_before_a_fragment_and_not_send_the_fragment() {
        FetchRequest request = parse("{\"url\": \"http://h/s?a=1#top\", \"query\": {\"b\": \"2\"}}");

        assertThat(request.url()).isEqualTo("http://h/s?a=1&b=2#top");
        assertThat(request.uri().toString()).isEqualTo("http://h/s?a=1&b=2");
    }

    @Test
    void should_leave_the_url_as_it_is_for_an_empty_query() {
        assertThat(parse("{\"url\": \"http://h/s\", \"query\": {}}").url()).isEqualTo("http://h/s");
    }

    @Test
    void should_mask_the_password_and_send_the_credentials_as_basic_authorization() {
        FetchRequest request = parse("{\"url\": \"https://alice:s3cr3t@h/x\", \"query\": {\"a\": 1}}");

        assertThat(request.url()).isEqualTo("https://alice:***@h/x?a=1");
        assertThat(request.uri().toString()).isEqualTo("https://h/x?a=1");
        assertThat(request.header("Authorization")).isEqualTo("Basic "
                + Base64.getEncoder().encodeToString("alice:s3cr3t".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void should_keep_an_authorization_header_of_the_spec_over_the_credentials_in_the_url() {
        FetchRequest request = parse("{\"url\": \"https://alice:s3cr3t@h/x\", "
                + "\"headers\": {\"authorization\": \"Bearer t\"}}");

        assertThat(request.headers()).containsOnly(entry("authorization", "Bearer t"));
    }

    @Test
    void should_send_a_json_body_as_written_with_a_json_content_type() {
        String body = "{\"name\": \"Zoë\", \"amount\": 12.50, \"big\": 12345678901234567890.000001, \"tags\": [1, null]}";
        FetchRequest request = parse("{\"method\": \"POST\", \"url\": \"http://h/x\", \"body\": " + body + ", \"id\": 1}");

        assertThat(request.defect()).isNull();
        assertThat(new String(request.body(), StandardCharsets.UTF_8)).isEqualTo(body);
        assertThat(request.headers()).containsOnly(entry("Content-Type", "application/json"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"\"text\"", "12.50", "-1e3", "true", "[]", "[{\"a\": {}}]"})
    void should_send_any_json_value_as_a_body(String body) {
        FetchRequest request = parse("{\"url\": \"http://h/x\", \"body\":" + body + "}");

        assertThat(new String(request.body(), StandardCharsets.UTF_8)).isEqualTo(body);
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
    }

    @Test
    void should_keep_the_content_type_the_spec_gives_a_json_body() {
        FetchRequest request = parse("{\"url\": \"http://h/x\", \"headers\": {\"content-type\": "
                + "\"application/merge-patch+json\"}, \"body\": {\"a\": null}}");

        assertThat(request.headers()).containsOnly(entry("content-type", "application/merge-patch+json"));
    }

    @Test
    void should_leave_the_content_type_to_a_default_header_that_names_one() {
        SpecLineParser withDefault = new SpecLineParser("job", "GET",
                new RequestParts(Map.of("Content-Type", "application/vnd.api+json")), PaginateSettings.NONE);

        FetchRequest request = withDefault.parse(TextLine.of(1, "{\"url\": \"http://h/x\", \"body\": {}}"));

        assertThat(request.headers()).isEmpty();
        assertThat(request.body()).asString(StandardCharsets.UTF_8).isEqualTo("{}");
    }

    @Test
    void should_send_body_text_as_it_is_with_a_plain_text_content_type() {
        FetchRequest request = parse("{\"url\": \"http://h/x\", \"bodyText\": \"a=1&b=Zoë\\nline 2\"}");

        assertThat(new String(request.body(), StandardCharsets.UTF_8)).isEqualTo("a=1&b=Zoë\nline 2");
        assertThat(request.headers()).containsOnly(entry("Content-Type", "text/plain; charset=UTF-8"));
    }

    @Test
    void should_keep_the_content_type_the_spec_gives_body_text() {
        FetchRequest request = parse("{\"url\": \"http://h/x\", \"bodyText\": \"a=1\", "
                + "\"headers\": {\"Content-Type\": \"application/x-www-form-urlencoded\"}}");

        assertThat(request.headers()).containsOnly(entry("Content-Type", "application/x-www-form-urlencoded"));
    }

    @Test
    void should_copy_a_string_id_and_the_meta_object() throws Exception {
        FetchRequest request = parse("{\"url\": \"http://h/x\", \"id\": \"order-7\", "
                + "\"meta\": {\"shop\": \"north\", \"n\": 3, \"price\": 9.90, \"tags\": [\"a\"]}}");

        assertThat(request.id()).isEqualTo(JSON.readTree("\"order-7\""));
        assertThat(request.meta()).as("recorded as written, 9.90 included")
                .hasToString("{\"shop\":\"north\",\"n\":3,\"price\":9.90,\"tags\":[\"a\"]}");
    }

    @Test
    void should_copy_a_number_id_exactly() {
        assertThat(parse("{\"url\": \"http://h/x\", \"id\": 42}").id().asLong()).isEqualTo(42);
        assertThat(parse("{\"url\": \"http://h/x\", \"id\": 42}").id().isIntegralNumber()).isTrue();
        assertThat(parse("{\"url\": \"http://h/x\", \"id\": 123456789012345678901234567890}").id().bigIntegerValue())
                .hasToString("123456789012345678901234567890");
        assertThat(parse("{\"url\": \"http://h/x\", \"id\": 1.50}").id().decimalValue())
                .isEqualTo(new BigDecimal("1.50"));
    }

    @Test
    void should_take_null_for_an_absent_key() {
        FetchRequest request = parse("{\"url\": \"http://h/x\", \"method\": null, \"headers\": null, \"query\": null,"
                + " \"body\": null, \"bodyText\": \"t\", \"id\": null, \"meta\": null}");

        assertThat(request.defect()).isNull();
        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.body()).asString(StandardCharsets.UTF_8).isEqualTo("t");
        assertThat(request.id()).isNull();
        assertThat(request.meta()).isNull();
    }

    @Test
    void should_take_the_keys_in_any_order() {
        FetchRequest request = parse("{\"meta\": {\"a\": 1}, \"id\": 5, \"body\": [1], \"method\": \"put\", "
                + "\"url\": \"http://h/x\"}");

        assertThat(request.defect()).isNull();
        assertThat(request.method()).isEqualTo("PUT");
        assertThat(request.id().asInt()).isEqualTo(5);
    }

    @Test
    void should_name_a_line_that_is_not_json_and_show_it_as_the_url() {
        FetchRequest request = parse("https://user:pw@api.example.com/items/1");

        assertThat(request.defect()).isEqualTo("not a JSON object: a .jsonl line is a request spec, e.g. "
                + "{\"url\": \"https://api.example.com/items/1\"}");
        assertThat(request.url()).isEqualTo("https://user:***@api.example.com/items/1");
        assertThat(request.uri()).isNull();
    }

    @Test
    void should_name_json_that_is_not_an_object() {
        assertThat(parse("[\"http://h/x\"]").defect()).startsWith("not a JSON object");
        assertThat(parse("\"http://h/x\"").defect()).startsWith("not a JSON object");
        assertThat(parse("{\"url\": \"http://h/x\"} {\"url\": \"http://h/y\"}").defect())
                .isEqualTo("not valid JSON: more after the object's closing } (column 23)");
    }

    @Test
    void should_name_invalid_json_with_its_column_and_keep_the_url_read_before_it() {
        FetchRequest request = parse("{\"url\": \"http://h/x\", \"id\": 7,}");

        assertThat(request.defect()).isEqualTo("not valid JSON: Unexpected character ('}' (code 125)): was "
                + "expecting double-quote to start field name (column 31)");
        assertThat(request.url()).isEqualTo("http://h/x");
        assertThat(request.id().asInt()).isEqualTo(7);
    }

    @Test
    void should_name_a_json_object_that_does_not_end() {
        assertThat(parse("{\"url\": \"http://h/x\"").defect()).isEqualTo("not valid JSON: Unexpected end-of-input: "
                + "expected close marker for Object (start marker at column 1) (column 21)");
    }

    @Test
    void should_name_an_unknown_key_with_the_key_it_is_likely_a_typo_of() {
        assertThat(parse("{\"url\": \"http://h/x\", \"methdo\": \"POST\"}").defect())
                .isEqualTo("unknown key 'methdo': did you mean 'method'?");
        assertThat(parse("{\"url\": \"http://h/x\", \"body_text\": \"x\"}").defect())
                .isEqualTo("unknown key 'body_text': did you mean 'bodyText'?");
        assertThat(parse("{\"URL\": \"http://h/x\"}").defect()).isEqualTo("unknown key 'URL': did you mean 'url'?");
    }

    @Test
    void should_name_an_unknown_key_without_a_near_one_with_the_keys_there_are() {
        FetchRequest request = parse("{\"url\": \"http://h/x\", \"retries\": {\"max\": 3}, \"id\": 9}");

        assertThat(request.defect()).isEqualTo("unknown key 'retries': a spec's keys are url, method, headers, "
                + "query, body, bodyText, id, meta, paginate");
        assertThat(request.url()).isEqualTo("http://h/x");
        assertThat(request.id().asInt()).as("the error record can be joined back").isEqualTo(9);
    }

    @Test
    void should_refuse_both_body_and_body_text() {
        assertThat(parse("{\"url\": \"http://h/x\", \"body\": {}, \"bodyText\": \"x\"}").defect())
                .isEqualTo("both body and bodyText: a spec gives one of them");
    }

    @Test
    void should_refuse_a_method_that_is_not_one_of_the_six() {
        FetchRequest request = parse("{\"url\": \"http://h/x\", \"method\": \"FETCH\"}");

        assertThat(request.defect()).isEqualTo("method must be one of GET, HEAD, POST, PUT, PATCH, DELETE, got 'FETCH'");
        assertThat(parse("{\"url\": \"http://h/x\", \"method\": 1}").defect())
                .isEqualTo("method must be one of GET, HEAD, POST, PUT, PATCH, DELETE, got a number");
    }

    @Test
    void should_refuse_a_spec_without_url() {
        assertThat(parse("{\"method\": \"GET\", \"id\": 1}").defect())
                .isEqualTo("no url: a spec names the URL to fetch, e.g. {\"url\": \"https://api.example.com/items/1\"}");
        assertThat(parse("{}").defect()).startsWith("no url");
        assertThat(parse("{\"url\": null}").defect()).startsWith("no url");
    }

    @Test
    void should_refuse_a_url_that_is_not_a_string() {
        assertThat(parse("{\"url\": {\"host\": \"h\"}, \"id\": 1}").defect()).isEqualTo("url must be a string, got an object");
        assertThat(parse("{\"url\": 7}").defect()).isEqualTo("url must be a string, got a number");
    }

    @Test
    void should_refuse_a_url_that_cannot_be_fetched_with_the_reason() {
        FetchRequest request = parse("{\"url\": \"http://h:70000/x\", \"id\": \"a\"}");

        assertThat(request.defect()).isEqualTo("not a valid URL: port 70000 is out of range (1-65535)");
        assertThat(request.url()).isEqualTo("http://h:70000/x");
        assertThat(request.id().asText()).isEqualTo("a");
    }

    @Test
    void should_refuse_headers_that_are_not_an_object_of_strings() {
        assertThat(parse("{\"url\": \"http://h/x\", \"headers\": [\"Accept: */*\"]}").defect())
                .isEqualTo("headers must be an object of strings, got an array");
        assertThat(parse("{\"url\": \"http://h/x\", \"headers\": \"Accept: */*\"}").defect())
                .isEqualTo("headers must be an object of strings, got a string");
        assertThat(parse("{\"url\": \"http://h/x\", \"headers\": {\"X-Count\": 3}}").defect())
                .isEqualTo("headers.X-Count must be a string, got a number");
        assertThat(parse("{\"url\": \"http://h/x\", \"headers\": {\"X-List\": [\"a\", \"b\"]}}").defect())
                .isEqualTo("headers.X-List must be a string, got an array");
    }

    @Test
    void should_refuse_a_header_name_that_is_not_a_token() {
        assertThat(parse("{\"url\": \"http://h/x\", \"headers\": {\"X Tenant\": \"a\"}}").defect())
                .isEqualTo("header name 'X Tenant' is not an HTTP token (RFC 9110: letters, digits and "
                        + "!#$%&'*+-.^_`|~)");
        assertThat(parse("{\"url\": \"http://h/x\", \"headers\": {\"Accept:\": \"a\"}}").defect())
                .startsWith("header name 'Accept:' is not an HTTP token");
        assertThat(parse("{\"url\": \"http://h/x\", \"headers\": {\"\": \"a\"}}").defect())
                .startsWith("header name '' is not an HTTP token");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"a\\r\\nX-Injected: 1", "a\\nb", "a\\rb", "a\\u0000b"})
    void should_refuse_a_header_value_with_a_line_break(String value) {
        assertThat(parse("{\"url\": \"http://h/x\", \"headers\": {\"X-Note\": \"" + value + "\"}}").defect())
                .isEqualTo("header X-Note: a value must be one line, without CR, LF or NUL");
    }

    @Test
    void should_refuse_a_header_given_twice_in_any_case() {
        assertThat(parse("{\"url\": \"http://h/x\", \"headers\": {\"Accept\": \"a\", \"accept\": \"b\"}}").defect())
                .isEqualTo("header accept is given twice");
    }

    @Test
    void should_refuse_a_key_given_twice() {
        assertThat(parse("{\"url\": \"http://h/x\", \"url\": \"http://h/y\"}").defect())
                .isEqualTo("key 'url' is given twice");
    }

    @Test
    void should_refuse_a_query_that_is_not_an_object_of_scalars() {
        assertThat(parse("{\"url\": \"http://h/x\", \"query\": \"a=1\"}").defect())
                .isEqualTo("query must be an object of strings, numbers or booleans, got a string");
        assertThat(parse("{\"url\": \"http://h/x\", \"query\": {\"ids\": [1, 2]}}").defect())
                .isEqualTo("query.ids must be a string, a number or a boolean, got an array");
        assertThat(parse("{\"url\": \"http://h/x\", \"query\": {\"f\": {\"a\": 1}}}").defect())
                .isEqualTo("query.f must be a string, a number or a boolean, got an object");
        assertThat(parse("{\"url\": \"http://h/x\", \"query\": {\"n\": null}}").defect())
                .isEqualTo("query.n must be a string, a number or a boolean, got null");
    }

    @Test
    void should_refuse_body_text_that_is_not_a_string() {
        assertThat(parse("{\"url\": \"http://h/x\", \"bodyText\": {\"a\": 1}}").defect())
                .isEqualTo("bodyText must be a string, got an object");
    }

    @Test
    void should_refuse_an_id_that_is_not_a_string_or_a_number() {
        assertThat(parse("{\"url\": \"http://h/x\", \"id\": {\"n\": 1}}").defect())
                .isEqualTo("id must be a string or a number, got an object");
        assertThat(parse("{\"url\": \"http://h/x\", \"id\": true}").defect())
                .isEqualTo("id must be a string or a number, got a boolean");
    }

    @Test
    void should_refuse_meta_that_is_not_an_object() {
        assertThat(parse("{\"url\": \"http://h/x\", \"meta\": [1]}").defect())
                .isEqualTo("meta must be an object, got an array");
        assertThat(parse("{\"url\": \"http://h/x\", \"meta\": \"note\"}").defect())
                .isEqualTo("meta must be an object, got a string");
    }

    @Test
    void should_name_the_first_defect_and_keep_the_url_id_and_meta_of_a_bad_spec() throws Exception {
        FetchRequest request = parse("{\"method\": \"FETCH\", \"headers\": {\"Authorization\": \"Bearer secret\", "
                + "\"X\": 1}, \"url\": \"https://u:pw@h/x\", \"query\": {\"a\": 1}, \"id\": \"r-1\", "
                + "\"meta\": {\"k\": \"v\"}, \"oops\": 1}");

        assertThat(request.defect()).startsWith("method must be one of");
        assertThat(request.url()).isEqualTo("https://u:***@h/x?a=1");
        assertThat(request.uri()).isNull();
        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.id().asText()).isEqualTo("r-1");
        assertThat(request.meta()).isEqualTo(JSON.readTree("{\"k\": \"v\"}"));
        assertThat(request.headers()).as("a request that is not sent carries no secret").isEmpty();
        assertThat(request.body()).isNull();
    }

    @Test
    void should_keep_the_method_of_a_bad_spec_for_its_record() {
        assertThat(parse("{\"method\": \"post\", \"url\": \"http://h/x\", \"bogus\": 1}").method()).isEqualTo("POST");
    }

    @Test
    void should_pass_on_the_defect_of_a_line_too_long_without_showing_the_line() {
        FetchRequest request = parser.parse(new TextLine(4, "{\"headers\": {\"Authorization\": \"Bearer s\"…",
                "line too long (over 16777216 bytes)"));

        assertThat(request.line()).isEqualTo(4);
        assertThat(request.defect()).isEqualTo("line too long (over 16777216 bytes)");
        assertThat(request.url()).isNull();
    }

    @Test
    void should_not_quote_an_unquoted_value_in_the_error_as_it_may_be_a_secret() {
        FetchRequest request = parse("{\"url\": \"http://a/x\", \"headers\": {\"X-Api-Key\": sk_live_4eC39Hq}}");

        assertThat(request.defect()).startsWith("not valid JSON: Unrecognized token (not shown)")
                .doesNotContain("sk_live").contains("'null', 'true' or 'false'");
    }

    @Test
    void should_refuse_a_key_given_twice_in_meta_or_query() {
        assertThat(parse("{\"url\": \"http://a/x\", \"meta\": {\"m\": \"1\", \"m\": \"2\"}}").defect())
                .contains("Duplicate field 'm'");
        assertThat(parse("{\"url\": \"http://a/x\", \"query\": {\"a\": 1, \"a\": 2}}").defect())
                .isEqualTo("query.a is given twice");
    }

    @Test
    void should_carry_the_line_s_own_pagination_over_the_settings() {
        PaginateSettings offsets = IngestSettings.from(key -> Optional.ofNullable(Map.of("ingest.paginate.type",
                "offset", "ingest.paginate.limit", "100", "ingest.paginate.max-pages", "9").get(key))).paginate();
        SpecLineParser paging = new SpecLineParser("job", "GET", new RequestParts(Map.of()), offsets);

        FetchRequest request = paging.parse(TextLine.of(1, "{\"url\": \"http://h/x\", \"paginate\": {\"limit\": 25, "
                + "\"items-path\": \"/results\", \"offset-param\": \"skip\", \"total-path\": null}}"));

        assertThat(request.defect()).isNull();
        assertThat(request.paginate().type()).isEqualTo(PaginateSettings.Type.OFFSET);
        assertThat(request.paginate().limit()).isEqualTo(25);
        assertThat(request.paginate().offsetParam()).isEqualTo("skip");
        assertThat(request.paginate().itemsPath().toString()).isEqualTo("/results");
        assertThat(request.paginate().maxPages()).as("a key not given is the settings'").isEqualTo(9);
        assertThat(paging.parse(TextLine.of(2, "{\"url\": \"http://h/x\"}")).paginate())
                .as("a line without its own pagination has the settings'").isNull();
    }

    @Test
    void should_turn_pagination_on_for_a_line_when_the_settings_have_none() {
        FetchRequest request = parse("{\"url\": \"http://h/x\", \"method\": \"POST\", \"body\": {\"q\": 1}, "
                + "\"paginate\": {\"type\": \"cursor\", \"cursor-path\": \"/next\", \"cursor-param\": \"after\", "
                + "\"cursor-in\": \"body\"}}");

        assertThat(request.defect()).isNull();
        assertThat(request.paginate().paginates()).isTrue();
        assertThat(request.paginate().cursorInBody()).isTrue();
    }

    static Stream<Arguments> badPaginations() {
        return Stream.of(
                arguments("{\"limt\": 5}", "unknown key 'paginate.limt': did you mean 'paginate.limit'?"),
                arguments("{\"type\": \"pages\"}", "paginate.type must be one of none, link-header, next-url, "
                        + "cursor, offset, page, got 'pages'"),
                arguments("{\"limit\": 0}", "paginate.limit must be between 1 and 1000000, got 0"),
                arguments("{\"limit\": -3}", "paginate.limit must be between 1 and 1000000, got -3"),
                arguments("{\"limit\": 2.5}", "paginate.limit must be a whole number between 1 and 1000000, "
                        + "got '2.5'"),
                arguments("{\"max-pages\": \"many\"}", "paginate.max-pages must be a whole number between 1 and "
                        + "1000000, got 'many'"),
                arguments("{\"items-path\": \"data\"}", "paginate.items-path must be a JSON Pointer such as /data "
                        + "or /meta/next, got 'data'"),
                arguments("{\"cursor-in\": \"header\"}", "paginate.cursor-in must be one of query, body, got "
                        + "'header'"),
                arguments("{\"type\": \"cursor\"}", "paginate.cursor-path must be set for paginate.type=cursor"),
                arguments("{\"offset-param\": \"\"}", "paginate.offset-param must not be empty"),
                arguments("{\"limit\": {\"n\": 1}}", "paginate.limit must be a string or a number, got an object"),
                arguments("{\"limit\": 5, \"limit\": 6}", "paginate.limit is given twice"),
                arguments("[\"cursor\"]", "paginate must be an object, got an array"));
    }

    @ParameterizedTest
    @MethodSource("badPaginations")
    void should_make_a_line_with_a_bad_pagination_of_its_own_an_error_naming_the_key(String paginate, String why) {
        FetchRequest request = parse("{\"url\": \"http://h/x\", \"id\": 4, \"paginate\": " + paginate + "}");

        assertThat(request.defect()).isEqualTo(why);
        assertThat(request.uri()).as("not sent").isNull();
        assertThat(request.url()).isEqualTo("http://h/x");
        assertThat(request.id().asInt()).isEqualTo(4);
    }

    private FetchRequest parse(String line) {
        return parser.parse(TextLine.of(3, line));
    }
}
