package io.apiingest;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.Test;

/**
 * A {@code .jsonl} file of request specs and a {@code .csv} file of rows through the real routes: what the server
 * received for every request (method, query, headers, body), and every record, line by line. Lines that are no
 * request become error records with attempts 0, and the rest of their file goes on.
 */
class InputFormatsTest extends WireMockIngestTest {

    @Override
    protected void settings(Properties settings) {
        settings.put("ingest.request.headers.X-Default", "from-settings");
    }

    @Test
    void should_send_each_spec_of_a_jsonl_file_as_it_says_and_record_its_id_and_meta() throws Exception {
        server.stubFor(any(anyUrl()).willReturn(okJson("{\"ok\": true}")));
        int port = server.getPort();
        drop("specs.jsonl", lines(
                "# request specs, some of them wrong",
                "{\"url\": \"" + url("/items/1") + "\", \"id\": 1}",
                "{\"url\": \"" + url("/search?lang=en") + "\", \"query\": {\"q\": \"a b&c\", \"page\": 2}, "
                        + "\"headers\": {\"X-Trace\": \"t-1\"}, \"id\": \"s-1\", \"meta\": {\"tags\": [\"x\"]}}",
                "{\"method\": \"post\", \"url\": \"" + url("/orders") + "\", \"body\": {\"sku\": \"A-1\", "
                        + "\"qty\": 2.50}, \"id\": 3}",
                "",
                "{\"method\": \"PUT\", \"url\": \"" + url("/notes/1") + "\", \"bodyText\": \"hello\\nworld\", "
                        + "\"headers\": {\"Content-Type\": \"text/markdown\"}}",
                "{\"url\": \"" + url("/items/2") + "\", \"methdo\": \"POST\", \"id\": 7}",
                "{\"url\": \"" + url("/both") + "\", \"body\": {}, \"bodyText\": \"y\"}",
                "{\"url\": \"http://127.0.0.1:70000/x\"}",
                "not json",
                "{\"method\": \"DELETE\", \"url\": \"http://alice:s3cr3t@127.0.0.1:" + port + "/items/3\", "
                        + "\"meta\": {\"why\": \"cleanup\"}}",
                "{\"url\": \"" + url("/text") + "\", \"method\": \"PATCH\", \"bodyText\": \"x=1\"}"));

        JsonNode summary = awaitSummary("specs");

        assertThat(summary.get("total").asInt()).isEqualTo(10);
        assertThat(summary.get("succeeded").asInt()).isEqualTo(6);
        assertThat(summary.get("failed").asInt()).isEqualTo(4);
        assertThat(server.findAll(anyRequestedFor(anyUrl()))).as("a line that is no request is never sent")
                .hasSize(6);

        LoggedRequest get = only("/items/1");
        assertThat(get.getMethod().getName()).isEqualTo("GET");
        assertThat(get.getHeader("X-Default")).isEqualTo("from-settings");
        assertThat(get.getBodyAsString()).isEmpty();
        JsonNode getRecord = recordOfLine("specs", 2);
        assertThat(getRecord.get("id").asInt()).isEqualTo(1);
        assertThat(getRecord.get("url").asText()).isEqualTo(url("/items/1"));
        assertThat(getRecord.has("method")).isFalse();
        assertThat(getRecord.has("meta")).isFalse();
        assertThat(getRecord.get("status").asInt()).isEqualTo(200);
        assertThat(getRecord.get("body").get("ok").asBoolean()).isTrue();

        LoggedRequest search = only("/search");
        assertThat(search.getUrl()).isEqualTo("/search?lang=en&q=a%20b%26c&page=2");
        assertThat(search.queryParameter("q").firstValue()).isEqualTo("a b&c");
        assertThat(search.getHeader("X-Trace")).isEqualTo("t-1");
        assertThat(search.getHeader("X-Default")).isEqualTo("from-settings");
        JsonNode searchRecord = recordOfLine("specs", 3);
        assertThat(searchRecord.get("id").asText()).isEqualTo("s-1");
        assertThat(searchRecord.get("url").asText()).as("the URL as sent")
                .isEqualTo(url("/search?lang=en&q=a%20b%26c&page=2"));
        assertThat(searchRecord.get("meta").toString()).isEqualTo("{\"tags\":[\"x\"]}");

        LoggedRequest post = only("/orders");
        assertThat(post.getMethod().getName()).isEqualTo("POST");
        assertThat(post.getHeader("Content-Type")).isEqualTo("application/json");
        assertThat(post.getBodyAsString()).isEqualTo("{\"sku\": \"A-1\", \"qty\": 2.50}");
        JsonNode postRecord = recordOfLine("specs", 4);
        assertThat(postRecord.get("method").asText()).isEqualTo("POST");
        assertThat(postRecord.get("id").asInt()).isEqualTo(3);

        LoggedRequest put = only("/notes/1");
        assertThat(put.getMethod().getName()).isEqualTo("PUT");
        assertThat(put.getHeader("Content-Type")).isEqualTo("text/markdown");
        assertThat(put.getBodyAsString()).isEqualTo("hello\nworld");
        assertThat(recordOfLine("specs", 6).get("method").asText()).isEqualTo("PUT");

        LoggedRequest delete = only("/items/3");
        assertThat(delete.getMethod().getName()).isEqualTo("DELETE");
        assertThat(delete.getHeader("Authorization")).isEqualTo("Basic "
                + Base64.getEncoder().encodeToString("alice:s3cr3t".getBytes(StandardCharsets.UTF_8)));
        JsonNode deleteRecord = recordOfLine("specs", 11);
        assertThat(deleteRecord.get("url").asText()).isEqualTo("http://alice:***@127.0.0.1:" + port + "/items/3");
        assertThat(deleteRecord.get("method").asText()).isEqualTo("DELETE");
        assertThat(deleteRecord.get("meta").get("why").asText()).isEqualTo("cleanup");

        LoggedRequest patch = only("/text");
        assertThat(patch.getMethod().getName()).isEqualTo("PATCH");
        assertThat(patch.getHeader("Content-Type")).isEqualTo("text/plain; charset=UTF-8");
        assertThat(patch.getBodyAsString()).isEqualTo("x=1");

        assertUnsent(recordOfLine("specs", 7), "unknown key 'methdo': did you mean 'method'?");
        assertThat(recordOfLine("specs", 7).get("id").asInt()).isEqualTo(7);
        assertThat(recordOfLine("specs", 7).get("url").asText()).isEqualTo(url("/items/2"));
        assertUnsent(recordOfLine("specs", 8), "both body and bodyText: a spec gives one of them");
        assertUnsent(recordOfLine("specs", 9), "not a valid URL: port 70000 is out of range (1-65535)");
        assertUnsent(recordOfLine("specs", 10), "not a JSON object: a .jsonl line is a request spec, e.g. "
                + "{\"url\": \"https://api.example.com/items/1\"}");
        assertThat(recordOfLine("specs", 10).get("url").asText()).isEqualTo("not json");
        assertThat(Files.readString(outbox().resolve("specs/errors.jsonl"))).doesNotContain("s3cr3t");
        assertThat(Files.readString(partFiles("specs").get(0))).doesNotContain("s3cr3t");
    }

    @Test
    void should_send_each_row_of_a_csv_file_and_record_its_id_and_meta_by_the_line_it_starts_on() throws Exception {
        server.stubFor(any(anyUrl()).willReturn(okJson("{\"ok\": true}")));
        drop("rows.csv", "\uFEFFurl,method,id,body,shop\r\n"
                + url("/c/1") + ",,c1,,north\r\n"
                + url("/c/2") + ",post,c2,\"{\"\"a\"\": [1, 2.50]}\",south\r\n"
                + url("/c/3?x=1") + ",GET,c3,,\"two\r\nlines\"\r\n"
                + url("/c/4") + ",GET,c4\r\n"
                + "\r\n"
                + url("/c/5") + ",FETCH,c5,,x\r\n"
                + url("/c/6") + ",PUT,c6,{bad},y\r\n"
                + url("/c/7") + ",delete,c7,,\"a,b\"\r\n");

        JsonNode summary = awaitSummary("rows");

        assertThat(summary.get("total").asInt()).isEqualTo(7);
        assertThat(summary.get("succeeded").asInt()).isEqualTo(4);
        assertThat(summary.get("failed").asInt()).isEqualTo(3);
        assertThat(server.findAll(anyRequestedFor(anyUrl()))).hasSize(4);

        LoggedRequest first = only("/c/1");
        assertThat(first.getMethod().getName()).isEqualTo("GET");
        assertThat(first.getHeader("X-Default")).isEqualTo("from-settings");
        JsonNode firstRecord = recordOfLine("rows", 2);
        assertThat(firstRecord.get("id").asText()).isEqualTo("c1");
        assertThat(firstRecord.get("url").asText()).isEqualTo(url("/c/1"));
        assertThat(firstRecord.get("meta").toString()).isEqualTo("{\"shop\":\"north\"}");
        assertThat(firstRecord.has("method")).isFalse();

        LoggedRequest post = only("/c/2");
        assertThat(post.getMethod().getName()).isEqualTo("POST");
        assertThat(post.getHeader("Content-Type")).isEqualTo("application/json");
        assertThat(post.getBodyAsString()).isEqualTo("{\"a\": [1, 2.50]}");
        assertThat(recordOfLine("rows", 3).get("method").asText()).isEqualTo("POST");
        assertThat(recordOfLine("rows", 3).get("meta").get("shop").asText()).isEqualTo("south");

        assertThat(only("/c/3").getUrl()).isEqualTo("/c/3?x=1");
        assertThat(recordOfLine("rows", 4).get("meta").get("shop").asText()).isEqualTo("two\r\nlines");

        assertThat(only("/c/7").getMethod().getName()).isEqualTo("DELETE");
        JsonNode lastRecord = recordOfLine("rows", 10);
        assertThat(lastRecord.get("id").asText()).isEqualTo("c7");
        assertThat(lastRecord.get("meta").get("shop").asText()).isEqualTo("a,b");

        assertUnsent(recordOfLine("rows", 6), "the row has 3 fields, the header has 5 columns");
        assertUnsent(recordOfLine("rows", 8), "method must be one of GET, HEAD, POST, PUT, PATCH, DELETE, "
                + "got 'FETCH'");
        assertThat(recordOfLine("rows", 8).get("id").asText()).isEqualTo("c5");
        assertThat(recordOfLine("rows", 9).get("error").asText()).startsWith("body is not valid JSON: ");
        assertThat(recordOfLine("rows", 9).get("attempts").asInt()).isZero();
    }

    @Test
    void should_refuse_a_csv_file_that_has_no_url_column_and_move_it_to_error_with_its_reason() throws Exception {
        drop("links.csv", "link,id\n" + url("/l/1") + ",1\n");

        Path reason = inbox().resolve(".error/links.csv.reason.txt");
        await().until(() -> Files.exists(reason) && Files.exists(inbox().resolve(".error/links.csv")));

        assertThat(Files.readString(reason)).contains("links.csv was not processed: the header row (link, id) has "
                + "no url column, and no ingest.request.url-template makes the URL from other columns");
        assertThat(server.findAll(anyRequestedFor(anyUrl()))).isEmpty();
        assertThat(outbox().resolve("links")).as("a rejected file takes no outbox folder").doesNotExist();
    }

    private static LoggedRequest only(String path) {
        List<LoggedRequest> requests = server.findAll(anyRequestedFor(urlPathEqualTo(path)));
        assertThat(requests).as("requests to %s", path).hasSize(1);
        return requests.get(0);
    }

    private static void assertUnsent(JsonNode record, String error) {
        assertThat(record.get("error").asText()).isEqualTo(error);
        assertThat(record.get("attempts").asInt()).as("never tried").isZero();
        assertThat(record.get("status").isNull()).isTrue();
    }
}
