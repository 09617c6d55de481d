package io.apiingest.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.apiingest.flow.FetchRequest;
import org.junit.jupiter.api.Test;

class CsvRequestsTest {

    @Test
    void should_make_a_request_per_row_from_the_url_column_with_the_other_columns_as_meta() {
        List<FetchRequest> requests = read(null, "url,shop,note\n"
                + "http://h/orders/1,north,first\n"
                + "http://h/orders/2,south,\n");

        assertThat(requests).hasSize(2);
        FetchRequest first = requests.get(0);
        assertThat(first.defect()).isNull();
        assertThat(first.job()).isEqualTo("job");
        assertThat(first.line()).isEqualTo(2);
        assertThat(first.method()).isEqualTo("GET");
        assertThat(first.uri()).hasToString("http://h/orders/1");
        assertThat(first.url()).isEqualTo("http://h/orders/1");
        assertThat(first.id()).isNull();
        assertThat(first.body()).isNull();
        assertThat(first.headers()).isEmpty();
        assertThat(first.meta()).hasToString("{\"shop\":\"north\",\"note\":\"first\"}");
        assertThat(requests.get(1).line()).isEqualTo(3);
        assertThat(requests.get(1).meta()).as("an empty field is an empty string")
                .hasToString("{\"shop\":\"south\",\"note\":\"\"}");
    }

    @Test
    void should_give_no_meta_when_every_column_has_a_role() {
        FetchRequest request = read(null, "id,url,method\n7,http://h/x,get\n").get(0);

        assertThat(request.meta()).isNull();
        assertThat(request.id()).hasToString("\"7\"");
    }

    @Test
    void should_take_the_method_column_in_any_case_and_the_configured_method_for_an_empty_one() {
        List<FetchRequest> requests = read(null, "url,method\nhttp://h/1,post\nhttp://h/2,\nhttp://h/3,Delete\n",
                "PUT");

        assertThat(requests).extracting(FetchRequest::method).containsExactly("POST", "PUT", "DELETE");
    }

    @Test
    void should_refuse_a_method_that_is_not_one_of_the_six_for_that_row() {
        List<FetchRequest> requests = read(null, "url,method,id\nhttp://h/1,FETCH,a\nhttp://h/2,GET,b\n");

        FetchRequest bad = requests.get(0);
        assertThat(bad.defect()).isEqualTo("method must be one of GET, HEAD, POST, PUT, PATCH, DELETE, got 'FETCH'");
        assertThat(bad.line()).isEqualTo(2);
        assertThat(bad.url()).isEqualTo("http://h/1");
        assertThat(bad.id()).hasToString("\"a\"");
        assertThat(requests.get(1).defect()).isNull();
    }

    @Test
    void should_copy_the_id_column_as_a_string_and_leave_an_empty_one_out() {
        List<FetchRequest> requests = read(null, "url,id\nhttp://h/1,0042\nhttp://h/2,\n");

        assertThat(requests.get(0).id().isTextual()).isTrue();
        assertThat(requests.get(0).id().asText()).isEqualTo("0042");
        assertThat(requests.get(1).id()).isNull();
    }

    @Test
    void should_send_the_body_column_as_json_as_written() {
        List<FetchRequest> requests = read(null, "url,method,body\n"
                + "http://h/1,POST,\"{\"\"name\"\": \"\"Zoë\"\", \"\"amount\"\": 12.50}\"\n"
                + "http://h/2,POST,\n");

        FetchRequest withBody = requests.get(0);
        assertThat(withBody.defect()).isNull();
        assertThat(new String(withBody.body(), StandardCharsets.UTF_8)).isEqualTo("{\"name\": \"Zoë\", \"amount\": 12.50}");
        assertThat(withBody.headers()).containsOnly(entry("Content-Type", "application/json"));
        assertThat(requests.get(1).body()).as("an empty body field is no body").isNull();
        assertThat(requests.get(1).headers()).isEmpty();
    }

    @Test
    void should_refuse_a_body_that_is_not_json_for_that_row() {
        List<FetchRequest> requests = read(null, "url,body\nhttp://h/1,{name: 1}\nhttp://h/2,\"{\"\"a\"\": 1} 2\"\n"
                + "http://h/3,[1]\n");

        assertThat(requests.get(0).defect()).isEqualTo("body is not valid JSON: Unexpected character ('n' (code 110)): "
                + "was expecting double-quote to start field name (column 2)");
        assertThat(requests.get(1).defect()).isEqualTo("body is not valid JSON: more after the JSON value (column 10)");
        assertThat(requests.get(2).defect()).isNull();
        assertThat(requests.get(2).body()).asString(StandardCharsets.UTF_8).isEqualTo("[1]");
    }

    @Test
    void should_fill_the_url_template_from_the_columns_it_names_percent_encoded() {
        List<FetchRequest> requests = read("http://h/users/{user}/orders?status={status}",
                "user,status,note\nanna b,open&paid,x\n42,closed,y\n");

        assertThat(requests.get(0).uri()).hasToString("http://h/users/anna%20b/orders?status=open%26paid");
        assertThat(requests.get(0).url()).isEqualTo("http://h/users/anna%20b/orders?status=open%26paid");
        assertThat(requests.get(0).meta()).as("the template's columns are meta too")
                .hasToString("{\"user\":\"anna b\",\"status\":\"open&paid\",\"note\":\"x\"}");
        assertThat(requests.get(1).uri()).hasToString("http://h/users/42/orders?status=closed");
    }

    @Test
    void should_take_a_url_column_for_meta_when_a_template_makes_the_url() {
        FetchRequest request = read("http://h/items/{sku}", "sku,url\nA-1,http://shop/a1\n").get(0);

        assertThat(request.uri()).hasToString("http://h/items/A-1");
        assertThat(request.meta()).hasToString("{\"sku\":\"A-1\",\"url\":\"http://shop/a1\"}");
    }

    @Test
    void should_refuse_a_row_whose_template_column_is_empty() {
        List<FetchRequest> requests = read("http://h/users/{user}", "user,id\n,1\nbob,2\n");

        assertThat(requests.get(0).defect())
                .isEqualTo("column user is empty: ingest.request.url-template http://h/users/{user} needs it");
        assertThat(requests.get(0).id()).hasToString("\"1\"");
        assertThat(requests.get(1).defect()).isNull();
    }

    @Test
    void should_refuse_a_row_whose_url_is_empty_or_not_a_url() {
        List<FetchRequest> requests = read(null, "url,id\n,1\nnot a url,2\nhttp://h:70000/x,3\n");

        assertThat(requests).extracting(FetchRequest::defect).containsExactly("the url column is empty",
                "not an absolute URL: expected http:// or https://",
                "not a valid URL: port 70000 is out of range (1-65535)");
        assertThat(requests).extracting(FetchRequest::line).containsExactly(2L, 3L, 4L);
    }

    @Test
    void should_number_a_row_by_the_line_it_starts_on_when_a_quoted_field_spans_lines() {
        List<FetchRequest> requests = read(null, "url,note\n"
                + "http://h/1,\"two\nlines\"\n"
                + "http://h/2,\"three\n\nlines, \"\"quoted\"\"\"\n"
                + "http://h/3,one\n");

        assertThat(requests).extracting(FetchRequest::line).containsExactly(2L, 4L, 7L);
        assertThat(requests.get(0).meta().get("note").asText()).isEqualTo("two\nlines");
        assertThat(requests.get(1).meta().get("note").asText()).isEqualTo("three\n\nlines, \"quoted\"");
    }

    @Test
    void should_number_rows_of_a_crlf_file_with_a_crlf_inside_a_quoted_field() {
        List<FetchRequest> requests = read(null, "url,note\r\nhttp://h/1,\"a\r\nb\"\r\n\r\nhttp://h/2,c\r\n");

        assertThat(requests).extracting(FetchRequest::line).containsExactly(2L, 5L);
        assertThat(requests.get(1).meta().get("note").asText()).isEqualTo("c");
    }

    @Test
    void should_skip_empty_lines_and_keep_physical_line_numbers() {
        List<FetchRequest> requests = read(null, "\nurl\n\nhttp://h/1\n   \nhttp://h/2");

        assertThat(requests).extracting(FetchRequest::line).containsExactly(4L, 6L);
    }

    @Test
    void should_refuse_a_row_with_another_number_of_fields_than_the_header_and_go_on() {
        List<FetchRequest> requests = read(null, "url,id,note\n"
                + "http://h/1,1\n"
                + "http://h/2,2,b,extra\n"
                + "http://h/3,3,c,\n"
                + "http://h/4,4,d\n");

        assertThat(requests).extracting(FetchRequest::defect).containsExactly(
                "the row has 2 fields, the header has 3 columns",
                "the row has 4 fields, the header has 3 columns",
                "the row has 4 fields, the header has 3 columns",
                null);
        assertThat(requests).extracting(FetchRequest::line).containsExactly(2L, 3L, 4L, 5L);
        assertThat(requests.get(0).uri()).isNull();
    }

    @Test
    void should_refuse_a_row_that_is_not_valid_csv_and_go_on_with_the_next() {
        List<FetchRequest> requests = read(null, "url,id\n\"http://h/1\"x,1\nhttp://h/2,2\n");

        assertThat(requests.get(0).defect()).isEqualTo("not valid CSV: Unexpected character ('x' (code 120)): "
                + "Expected column separator character (',' (code 44)) or end-of-line (column 14)");
        assertThat(requests.get(0).line()).isEqualTo(2);
        assertThat(requests.get(1).defect()).isNull();
        assertThat(requests.get(1).line()).isEqualTo(3);
    }

    @Test
    void should_number_a_row_that_is_not_valid_csv_by_the_line_it_starts_on() {
        List<FetchRequest> requests = read(null, "url,id\n\n\"http://h/\n1\"x,1\nhttp://h/2,2\n");

        assertThat(requests.get(0).line()).isEqualTo(3);
        assertThat(requests.get(0).defect()).startsWith("not valid CSV");
        assertThat(requests.get(1).line()).isEqualTo(5);
    }

    @Test
    void should_refuse_a_last_row_whose_quote_is_never_closed() {
        List<FetchRequest> requests = read(null, "url,note\nhttp://h/1,a\nhttp://h/2,\"open\nstill open\n");

        assertThat(requests).hasSize(2);
        assertThat(requests.get(1).line()).isEqualTo(3);
        assertThat(requests.get(1).defect()).startsWith("not valid CSV: Missing closing quote for value");
    }

    @Test
    void should_refuse_a_row_that_is_not_utf8_and_go_on() {
        ByteArrayOutputStream input = new ByteArrayOutputStream();
        input.writeBytes("url,note\nhttp://h/1,a\nhttp://h/2,".getBytes(StandardCharsets.UTF_8));
        input.writeBytes(new byte[] {(byte) 0xC3, (byte) 0x28});
        input.writeBytes("\nhttp://h/3,é\n".getBytes(StandardCharsets.UTF_8));

        List<FetchRequest> requests = read(null, input.toByteArray(), "GET");

        assertThat(requests).extracting(FetchRequest::defect).containsExactly(null, "the row is not valid UTF-8 text",
                null);
        assertThat(requests.get(2).meta().get("note").asText()).isEqualTo("é");
        assertThat(requests.get(2).line()).isEqualTo(4);
    }

    @Test
    void should_drop_a_utf8_bom_and_trim_the_header_names() {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        ByteArrayOutputStream input = new ByteArrayOutputStream();
        input.writeBytes(bom);
        input.writeBytes("\"url\" , id ,  shop \nhttp://h/1,1,north\n".getBytes(StandardCharsets.UTF_8));

        FetchRequest request = read(null, input.toByteArray(), "GET").get(0);

        assertThat(request.defect()).isNull();
        assertThat(request.uri()).hasToString("http://h/1");
        assertThat(request.id()).hasToString("\"1\"");
        assertThat(request.meta()).hasToString("{\"shop\":\"north\"}");
    }

    @Test
    void should_mask_a_password_in_the_url_and_send_it_as_basic_authorization() {
        FetchRequest request = read(null, "url\nhttps://alice:s3cr3t@h/x\n").get(0);

        assertThat(request.url()).isEqualTo("https://alice:***@h/x");
        assertThat(request.uri()).hasToString("https://h/x");
        assertThat(request.header("Authorization")).startsWith("Basic ");
    }

    @Test
    void should_give_no_requests_for_an_empty_file_or_a_header_alone() {
        assertThat(read(null, "")).isEmpty();
        assertThat(read(null, "\n\n")).isEmpty();
        assertThat(read(null, "url,id\n")).isEmpty();
    }

    @Test
    void should_refuse_a_file_without_url_column_or_template() {
        assertThatThrownBy(() -> read(null, "link,id\nhttp://h/1,1\n"))
                .isInstanceOf(UnreadableInputException.class)
                .hasMessage("the header row (link, id) has no url column, and no ingest.request.url-template makes "
                        + "the URL from other columns");
    }

    @Test
    void should_refuse_a_file_whose_header_lacks_a_column_the_template_names() {
        assertThatThrownBy(() -> read("http://h/users/{user}/{tab}", "user,id\nbob,1\n"))
                .isInstanceOf(UnreadableInputException.class)
                .hasMessage("ingest.request.url-template http://h/users/{user}/{tab} names {tab}, which is not a "
                        + "column of the header row (user, id)");
        assertThatThrownBy(() -> read("http://h/{value}", "url\nhttp://h/1\n"))
                .isInstanceOf(UnreadableInputException.class)
                .hasMessageContaining("names {value}, which is not a column of the header row (url)");
    }

    @Test
    void should_refuse_a_file_whose_header_names_a_column_twice() {
        assertThatThrownBy(() -> read(null, "url,id, id\nhttp://h/1,1,2\n"))
                .isInstanceOf(UnreadableInputException.class)
                .hasMessage("the header row names column 'id' twice (columns 2 and 3)");
    }

    @Test
    void should_refuse_a_file_whose_header_has_a_column_without_a_name() {
        assertThatThrownBy(() -> read(null, "url,,id\nhttp://h/1,x,1\n"))
                .isInstanceOf(UnreadableInputException.class)
                .hasMessage("the header row has no name for column 2; every column needs one");
    }

    @Test
    void should_refuse_a_file_whose_header_is_not_valid_csv() {
        assertThatThrownBy(() -> read(null, "\"url\"x,id\nhttp://h/1,1\n"))
                .isInstanceOf(UnreadableInputException.class)
                .hasMessageStartingWith("the header row is not valid CSV: Unexpected character ('x' (code 120))");
    }

    @Test
    void should_read_one_row_at_a_time_from_an_endless_input() {
        InputStream endless = new InputStream() {
            private final byte[] header = "url,n\n".getBytes(StandardCharsets.UTF_8);
            private long position;

            @Override
            public int read() {
                byte b = position < header.length ? header[(int) position]
                        : (byte) ("http://h/x,1\n".charAt((int) ((position - header.length) % 13)));
                position++;
                return b & 0xFF;
            }
        };
        try (CsvRequests requests = CsvRequests.open(endless, "job", "GET", null, new RequestParts(Map.of()))) {
            for (int row = 2; row <= 4; row++) {
                assertThat(requests.next().line()).isEqualTo(row);
            }
        }
    }

    @Test
    void should_close_the_input_when_closed() {
        boolean[] closed = {false};
        InputStream in = new ByteArrayInputStream("url\nhttp://h/1\n".getBytes(StandardCharsets.UTF_8)) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        CsvRequests requests = CsvRequests.open(in, "job", "GET", null, new RequestParts(Map.of()));

        requests.close();

        assertThat(closed[0]).isTrue();
        assertThat(requests.next()).isNull();
    }

    @Test
    void should_close_the_input_of_a_refused_file() {
        boolean[] closed = {false};
        InputStream in = new ByteArrayInputStream("link\nhttp://h/1\n".getBytes(StandardCharsets.UTF_8)) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };

        assertThatThrownBy(() -> CsvRequests.open(in, "job", "GET", null, new RequestParts(Map.of())))
                .isInstanceOf(UnreadableInputException.class);
        assertThat(closed[0]).as("no file handle is left open").isTrue();
    }

    private static List<FetchRequest> read(String template, String csv) {
        return read(template, csv, "GET");
    }

    private static List<FetchRequest> read(String template, String csv, String method) {
        return read(template, csv.getBytes(StandardCharsets.UTF_8), method);
    }

    private static List<FetchRequest> read(String template, byte[] csv, String method) {
        List<FetchRequest> requests = new ArrayList<>();
        try (CsvRequests source = CsvRequests.open(new ByteArrayInputStream(csv), "job", method,
                template == null ? null : UrlTemplate.parse(template), new RequestParts(Map.of()))) {
            FetchRequest request;
            while ((request = source.next()) != null) {
                requests.add(request);
            }
        }
        return requests;
    }
}
