package io.apiingest;

import java.io.ByteArrayOutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.zip.GZIPOutputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/** Responses built to hurt a client: huge bodies, gzip bombs, long redirect chains; and URLs carrying passwords. */
class HostileResponseTest extends WireMockIngestTest {

    private static final int LIMIT = 100_000;
    private static final String PASSWORD = "s3cr3t-Pa55";

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
        // few connections, so that one not given back to the pool shows as requests that time out waiting
        settings.put("ingest.concurrency", "2");
    }

    @Test
    void should_keep_a_body_at_the_limit_and_record_a_bigger_one_as_body_too_large() throws Exception {
        server.stubFor(get("/at-limit").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/plain").withBody("a".repeat(LIMIT))));
        server.stubFor(get("/over-limit").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/plain").withBody("a".repeat(LIMIT + 1))));
        server.stubFor(get("/missing").willReturn(aResponse().withStatus(404).withBody("b".repeat(10 * LIMIT))));
        drop("sizes.txt", lines(url("/at-limit"), url("/over-limit"), url("/missing")));

        awaitSummary("sizes");

        assertThat(recordOfLine("sizes", 1).get("body").asText()).hasSize(LIMIT);
        JsonNode tooLarge = recordOfLine("sizes", 2);
        assertThat(tooLarge.get("status").asInt()).isEqualTo(200);
        assertThat(tooLarge.get("attempts").asInt()).isEqualTo(1);
        assertThat(tooLarge.get("error").asText()).isEqualTo("body too large (over " + LIMIT + " bytes)");
        assertThat(recordOfLine("sizes", 3).get("error").asText()).isEqualTo("HTTP 404 Not Found");
    }

    @Test
    void should_stop_reading_an_endless_body_at_the_limit_and_drop_its_connection() throws Exception {
        drop("endless.txt", lines(hostile.url("/endless/1"), hostile.url("/endless/2")));

        awaitSummary("endless");

        for (int line = 1; line <= 2; line++) {
            JsonNode error = recordOfLine("endless", line);
            assertThat(error.get("status").asInt()).isEqualTo(200);
            assertThat(error.get("attempts").asInt()).isEqualTo(1);
            assertThat(error.get("error").asText()).isEqualTo("body too large (over " + LIMIT + " bytes)");
            // 10 GB announced: what got written is the limit plus what socket buffers took before the hang-up
            assertThat(hostile.bodyBytesWrittenTo("/endless/" + line)).isLessThan(64L * 1024 * 1024);
        }
    }

    @Test
    void should_cut_a_gzip_bomb_at_the_limit_of_its_decompressed_size() throws Exception {
        byte[] bomb = gzip(new byte[64 * 1024 * 1024]);
        assertThat(bomb.length).as("compressed size").isLessThan(LIMIT);
        server.stubFor(get("/bomb").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withHeader("Content-Encoding", "gzip")
                .withBody(bomb)));
        drop("bomb.txt", lines(url("/bomb")));

        awaitSummary("bomb");

        JsonNode error = recordOfLine("bomb", 1);
        assertThat(error.get("status").asInt()).isEqualTo(200);
        assertThat(error.get("error").asText()).isEqualTo("body too large (over " + LIMIT + " bytes)");
    }

    @Test
    void should_give_every_connection_back_to_the_pool_whatever_became_of_its_response() throws Exception {
        server.stubFor(get("/over-limit").willReturn(aResponse().withStatus(200).withBody("a".repeat(LIMIT + 1))));
        server.stubFor(get("/missing").willReturn(aResponse().withStatus(404).withBody("b".repeat(2 * LIMIT))));
        server.stubFor(get("/unavailable").willReturn(aResponse().withStatus(503).withBody("c".repeat(LIMIT))));
        server.stubFor(get("/empty").willReturn(aResponse().withStatus(204)));
        server.stubFor(get("/bomb").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Encoding", "gzip").withBody(gzip(new byte[4 * LIMIT]))));
        server.stubFor(get("/ok").willReturn(aResponse().withStatus(200).withBody("{\"ok\": true}")));
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            urls.add(url("/over-limit"));
            urls.add(url("/missing"));
            urls.add(url("/unavailable"));
            urls.add(url("/empty"));
            urls.add(url("/bomb"));
            urls.add(hostile.url("/endless/pool-" + i));
        }
        for (int i = 0; i < 10; i++) {
            urls.add(url("/ok"));
        }
        drop("pool.txt", String.join("\n", urls));

        JsonNode summary = awaitSummary("pool");

        assertThat(summary.get("succeeded").asInt()).isEqualTo(15);
        List<String> reasons = errors("pool").stream().map(e -> e.get("error").asText()).distinct().sorted().toList();
        assertThat(reasons).containsExactly("HTTP 404 Not Found", "HTTP 503 Service Unavailable",
                "body too large (over " + LIMIT + " bytes)");
    }

    @Test
    void should_record_a_body_in_an_encoding_the_client_cannot_decode_as_an_error_not_as_garbage() throws Exception {
        // Unix compress (LZW, magic 1f 9d): registered with IANA, decoded by no browser, and not by this client
        byte[] compressed = {0x1f, (byte) 0x9d, (byte) 0x90, 0x7b, 0x7d, 0x00};
        server.stubFor(get("/compress").willReturn(aResponse().withStatus(200).withHeader("Content-Type",
                "application/json").withHeader("Content-Encoding", "compress").withBody(compressed)));
        server.stubFor(get("/x-foo").willReturn(aResponse().withStatus(200).withHeader("Content-Type",
                "application/json").withHeader("Content-Encoding", "x-foo").withBody("{\"foo\": true}")));
        server.stubFor(get("/identity").willReturn(aResponse().withStatus(200).withHeader("Content-Encoding",
                "identity").withBody("{\"plain\": true}")));
        drop("encodings.txt", lines(url("/compress"), url("/x-foo"), url("/identity")));

        awaitSummary("encodings");

        String[] undecodable = {"compress", "x-foo"};
        for (int line = 1; line <= undecodable.length; line++) {
            String coding = undecodable[line - 1];
            JsonNode error = recordOfLine("encodings", line);
            assertThat(error.get("status").asInt()).isEqualTo(200);
            assertThat(error.get("attempts").asInt()).as("not retried: it would come back the same").isEqualTo(1);
            assertThat(error.get("error").asText())
                    .isEqualTo("the body is in a Content-Encoding this client cannot decode (" + coding + ")");
        }
        assertThat(recordOfLine("encodings", 3).get("body").get("plain").asBoolean()).isTrue();
    }

    @Test
    void should_follow_ten_redirects_and_end_the_eleventh_with_too_many_redirects() throws Exception {
        redirectChain("/ten", 10);
        redirectChain("/eleven", 11);
        drop("hops.txt", lines(url("/ten/0"), url("/eleven/0")));

        awaitSummary("hops");

        assertThat(recordOfLine("hops", 1).get("body").get("hops").asInt()).isEqualTo(10);
        JsonNode error = recordOfLine("hops", 2);
        assertThat(error.get("status").isNull()).isTrue();
        assertThat(error.get("attempts").asInt()).isEqualTo(1);
        assertThat(error.get("error").asText()).isEqualTo("too many redirects (more than 10)");
        server.verify(0, getRequestedFor(urlEqualTo("/eleven/11")));
    }

    @Test
    void should_send_the_credentials_of_a_url_as_basic_auth_and_never_show_the_password() throws Exception {
        server.stubFor(get("/private").withBasicAuth("alice", PASSWORD)
                .willReturn(aResponse().withStatus(200).withBody("{\"private\": true}")));
        server.stubFor(get("/private").atPriority(10).willReturn(aResponse().withStatus(401)));
        server.stubFor(get("/moved").willReturn(aResponse().withStatus(302).withHeader("Location", "/private")));
        server.stubFor(get("/elsewhere").willReturn(aResponse().withStatus(302)
                .withHeader("Location", "http://localhost:" + server.getPort() + "/private")));
        String refusing;
        try (ServerSocket closed = new ServerSocket(0)) {
            refusing = "http://alice:" + PASSWORD + "@127.0.0.1:" + closed.getLocalPort() + "/private";
        }
        String withPassword = "http://alice:" + PASSWORD + "@127.0.0.1:" + server.getPort() + "/private";
        String encoded = "http://alice:" + PASSWORD.replace("-", "%2D") + "@127.0.0.1:" + server.getPort()
                + "/private";
        String wrongPassword = "http://alice:wrong-" + PASSWORD + "@127.0.0.1:" + server.getPort() + "/private";

        String moved = withPassword.replace("/private", "/moved");
        String elsewhere = withPassword.replace("/private", "/elsewhere");

        String logged = capturingLogs(() -> {
            drop("creds.txt", lines(withPassword, encoded, wrongPassword, refusing, moved, elsewhere));
            awaitSummary("creds");
        });

        JsonNode fetched = recordOfLine("creds", 1);
        assertThat(fetched.get("url").asText()).as("the password is masked in the record")
                .isEqualTo(withPassword.replace(PASSWORD, "***"));
        assertThat(fetched.get("body").get("private").asBoolean()).isTrue();
        assertThat(recordOfLine("creds", 2).get("status").asInt()).isEqualTo(200);
        assertThat(recordOfLine("creds", 3).get("error").asText()).isEqualTo("HTTP 401 Unauthorized");
        JsonNode refused = recordOfLine("creds", 4);
        assertThat(refused.get("url").asText()).isEqualTo(refusing.replace(PASSWORD, "***"));
        assertThat(refused.get("error").asText()).startsWith("connection refused").doesNotContain(PASSWORD);
        assertThat(recordOfLine("creds", 5).get("status").asInt()).isEqualTo(200);
        // the credentials are for the origin in the URL: a redirect to another host is followed without them
        assertThat(recordOfLine("creds", 6).get("error").asText()).isEqualTo("HTTP 401 Unauthorized");
        List<LoggedRequest> elsewhereHop = server.findAll(getRequestedFor(urlEqualTo("/private"))
                .withHeader("Host", containing("localhost")));
        assertThat(elsewhereHop).as("the redirect to localhost was followed").hasSize(1);
        assertThat(elsewhereHop.get(0).containsHeader("Authorization")).as("without the credentials").isFalse();
        assertThat(server.findAll(getRequestedFor(urlEqualTo("/private")))).hasSize(5)
                .filteredOn(request -> request.getHeader("Host").startsWith("127.0.0.1"))
                .as("the same-host redirect kept them").hasSize(4)
                .allSatisfy(request -> assertThat(request.containsHeader("Authorization")).isTrue());
        for (JsonNode error : errors("creds")) {
            assertThat(error.toString()).doesNotContain(PASSWORD);
        }
        for (JsonNode record : records("creds")) {
            assertThat(record.toString()).doesNotContain(PASSWORD);
        }
        assertThat(logged).doesNotContain(PASSWORD);
        LoggedRequest request = server.findAll(getRequestedFor(urlEqualTo("/private"))).get(0);
        assertThat(request.getHeader("Authorization")).isEqualTo("Basic " + Base64.getEncoder()
                .encodeToString(("alice:" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
    }

    private static void redirectChain(String prefix, int hops) {
        for (int i = 0; i < hops; i++) {
            server.stubFor(get(prefix + "/" + i).willReturn(aResponse().withStatus(302)
                    .withHeader("Location", prefix + "/" + (i + 1))));
        }
        server.stubFor(get(prefix + "/" + hops).willReturn(aResponse().withStatus(200)
                .withBody("{\"hops\": " + hops + "}")));
    }

    private static byte[] gzip(byte[] content) throws Exception {
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
            gzip.write(content);
        }
        return zipped.toByteArray();
    }
}
