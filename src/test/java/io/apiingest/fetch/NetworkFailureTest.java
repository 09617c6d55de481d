package io.apiingest.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.net.SocketException;

import io.apiingest.fetch.http.BodyDecodingException;
import org.apache.hc.client5.http.ClientProtocolException;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.ProtocolException;
import org.junit.jupiter.api.Test;

/** Which failures without a response are worth another attempt, and how each reads in errors.jsonl. */
class NetworkFailureTest {

    @Test
    void should_not_retry_a_redirect_the_client_cannot_follow() {
        Throwable thrown = new ClientProtocolException("I/O error",
                new ProtocolException("Redirect URI does not specify a valid host name: ftp://files.example.org/x"));

        FetchFailure failure = NetworkFailure.describe(thrown, 1, 30_000);

        assertThat(failure).isInstanceOf(FetchFailure.Final.class);
        assertThat(failure.reason()).isEqualTo(
                "HTTP protocol error: Redirect URI does not specify a valid host name: ftp://files.example.org/x");
        assertThat(failure.cause()).isEqualTo("protocol");
    }

    @Test
    void should_not_retry_a_body_that_is_not_the_compressed_data_it_claims_to_be() {
        FetchFailure failure = NetworkFailure.describe(new BodyDecodingException(
                "the body is not valid br data (Corrupted padding bits)", null), 2, 30_000);

        assertThat(failure).isInstanceOf(FetchFailure.Final.class);
        assertThat(failure.reason()).isEqualTo("the body is not valid br data (Corrupted padding bits)");
        assertThat(failure.cause()).isEqualTo("protocol");
        assertThat(failure.attempts()).isEqualTo(2);
    }

    @Test
    void should_retry_a_compressed_body_cut_short_and_a_reset_connection() {
        // HttpClient's framing notices the body ended early, before any decoder does
        assertThat(NetworkFailure.describe(new ConnectionClosedException("Premature end of Content-Length "
                + "delimited message body (expected: 1000; received: 20)"), 1, 30_000))
                .isInstanceOf(FetchFailure.Retryable.class)
                .extracting(FetchFailure::reason).isEqualTo("the connection closed before the whole response "
                        + "arrived: Premature end of Content-Length delimited message body (expected: 1000; "
                        + "received: 20)");
        assertThat(NetworkFailure.describe(new EOFException("Unexpected end of stream"), 1, 30_000))
                .isInstanceOf(FetchFailure.Retryable.class);
        assertThat(NetworkFailure.describe(new SocketException("Connection reset"), 1, 30_000))
                .isInstanceOf(FetchFailure.Retryable.class)
                .extracting(FetchFailure::reason).isEqualTo("connection reset by the server");
    }
}
