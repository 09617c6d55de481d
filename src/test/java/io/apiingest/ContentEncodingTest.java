package io.apiingest;

import java.util.Arrays;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Compressed responses in every coding the client offers, as the user sees them in the records: decoded, or an
 * error that says what was wrong with the body; and never more than ingest.max-body-bytes of decoded body.
 */
class ContentEncodingTest extends WireMockIngestTest {

    private static final int LIMIT = 1024 * 1024;
    private static final String[] CODINGS = {"gzip", "x-gzip", "deflate", "br", "zstd"};

    static HostileServer hostile;

    @BeforeAll
    static void startHostileServer() throws Exception {
        hostile = new HostileServer();
    }

    @AfterAll
    static void stopHostileServer() throws Exception {
        hostile.close();
    }

    @Override
    protected void settings(Properties settings) {
        settings.put("ingest.max-body-bytes", Integer.toString(LIMIT));
        settings.put("ingest.retry.max", "1");
    }

    @Test
    void should_offer_gzip_deflate_br_and_zstd_and_record_each_body_decoded() throws Exception {
        // a server answers in a coding only when the request offered it, and 406 otherwise
        server.stubFor(get(anyUrl()).atPriority(10).willReturn(aResponse().withStatus(406)));
        for (String coding : CODINGS) {
            answerIn(coding, "/orders/" + coding, EncodedBodies.orders(coding));
        }
        drop("codings.txt", lines(Arrays.stream(CODINGS).map(coding -> url("/orders/" + coding))
                .toArray(String[]::new)));

        JsonNode summary = awaitSummary("codings");

        assertThat(summary.get("succeeded").asInt()).as("summary %s", summary).isEqualTo(CODINGS.length);
        JsonNode orders = JSON.readTree(EncodedBodies.ordersJson());
        for (int line = 1; line <= CODINGS.length; line++) {
            JsonNode record = recordOfLine("codings", line);
            assertThat(record.get("status").asInt()).as("status of %s", CODINGS[line - 1]).isEqualTo(200);
            assertThat(record.get("body")).as("body of %s", CODINGS[line - 1]).isEqualTo(orders);
        }
        assertThat(server.findAll(getRequestedFor(urlEqualTo("/orders/zstd"))).get(0).getHeader("Accept-Encoding"))
                .isEqualTo("gzip, x-gzip, deflate, br, zstd");
    }

    @Test
    void should_record_a_body_that_is_not_data_of_its_coding_as_an_error_not_retried() throws Exception {
        byte[] plainJson = EncodedBodies.ordersJson();
        byte[] flipped = EncodedBodies.orders("br");
        for (int i = 20; i < 40; i++) {
            flipped[i] ^= (byte) 0xA5;
        }
        byte[] zstd = EncodedBodies.orders("zstd");
        answerIn("gzip", "/gzip/plain", plainJson);
        answerIn("deflate", "/deflate/plain", plainJson);
        answerIn("br", "/br/plain", plainJson);
        answerIn("br", "/br/flipped", flipped);
        answerIn("zstd", "/zstd/plain", plainJson);
        // whole as far as HTTP goes (its Content-Length is what was sent): the zstd frame itself ends too soon
        answerIn("zstd", "/zstd/half", Arrays.copyOf(zstd, zstd.length / 2));
        String[] paths = {"/gzip/plain", "/deflate/plain", "/br/plain", "/br/flipped", "/zstd/plain", "/zstd/half"};
        drop("corrupt.txt", lines(Arrays.stream(paths).map(ContentEncodingTest::url).toArray(String[]::new)));

        awaitSummary("corrupt");

        String[] errors = {
            "the body is not valid gzip data (Not in GZIP format)",
            "the body is not valid deflate data (invalid distance too far back)",
            "the body is not valid br data (Corrupted padding bits)",
            "the body is not valid br data (Unused space)",
            "the body is not valid zstd data (Unknown frame descriptor)",
            "the body is not valid zstd data (Truncated source)"};
        for (int line = 1; line <= errors.length; line++) {
            JsonNode error = recordOfLine("corrupt", line);
            assertThat(error.get("error").asText()).isEqualTo(errors[line - 1]);
            assertThat(error.get("attempts").asInt()).as("not retried: it would come back the same").isEqualTo(1);
            assertThat(error.get("status").asInt()).as("the status the body came with").isEqualTo(200);
            server.verify(1, getRequestedFor(urlEqualTo(paths[line - 1])));
        }
    }

    @Test
    void should_retry_a_503_whose_error_page_is_not_data_of_its_coding_as_the_503_it_is() throws Exception {
        server.stubFor(get("/busy").willReturn(aResponse().withStatus(503).withHeader("Content-Encoding", "br")
                .withBody(EncodedBodies.ordersJson())));
        drop("busy.txt", lines(url("/busy")));

        awaitSummary("busy");

        JsonNode error = recordOfLine("busy", 1);
        assertThat(error.get("status").asInt()).isEqualTo(503);
        assertThat(error.get("error").asText()).isEqualTo("HTTP 503 Service Unavailable");
        assertThat(error.get("attempts").asInt()).as("retried as a 503").isGreaterThan(1);
    }

    @Test
    void should_cut_a_br_bomb_and_a_zstd_bomb_at_the_limit_of_their_decoded_size() throws Exception {
        for (String coding : new String[] {"br", "zstd"}) {
            byte[] bomb = EncodedBodies.zeros64MiB(coding);
            assertThat(bomb.length).as("compressed size of the %s bomb", coding).isLessThan(LIMIT / 100);
            answerIn(coding, "/bomb/" + coding, bomb);
        }
        drop("bombs.txt", lines(url("/bomb/br"), url("/bomb/zstd")));

        awaitSummary("bombs");

        for (int line = 1; line <= 2; line++) {
            JsonNode error = recordOfLine("bombs", line);
            assertThat(error.get("status").asInt()).isEqualTo(200);
            assertThat(error.get("attempts").asInt()).isEqualTo(1);
            assertThat(error.get("error").asText()).isEqualTo("body too large (over " + LIMIT + " bytes)");
        }
    }

    @Test
    void should_retry_a_br_or_zstd_body_the_connection_cut_short() throws Exception {
        hostile.cutShort("/cut/br", "br", Arrays.copyOf(EncodedBodies.orders("br"), 100));
        hostile.cutShort("/cut/zstd", "zstd", Arrays.copyOf(EncodedBodies.orders("zstd"), 100));
        drop("cut.txt", lines(hostile.url("/cut/br"), hostile.url("/cut/zstd")));

        awaitSummary("cut");

        for (int line = 1; line <= 2; line++) {
            JsonNode error = recordOfLine("cut", line);
            assertThat(error.get("attempts").asInt()).as("retried: the next answer may be whole").isEqualTo(2);
            assertThat(error.get("error").asText())
                    .startsWith("the connection closed before the whole response arrived: Premature end of "
                            + "Content-Length delimited message body");
        }
        assertThat(hostile.requestsTo("/cut/br")).isEqualTo(2);
        assertThat(hostile.requestsTo("/cut/zstd")).isEqualTo(2);
    }

    /** {@code path} answers with {@code body} labelled {@code coding}, when the request offers that coding. */
    private static void answerIn(String coding, String path, byte[] body) {
        server.stubFor(get(path).withHeader("Accept-Encoding", matching("(.*[, ])?" + coding + "( *;[^,]*)?( *,.*)?"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withHeader("Content-Encoding", coding).withBody(body)));
    }
}
