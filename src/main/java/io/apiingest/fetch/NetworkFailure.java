package io.apiingest.fetch;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;

import io.apiingest.fetch.http.AttemptTimeoutException;
import io.apiingest.fetch.http.BodyDecodingException;
import io.apiingest.flow.Causes;

import org.apache.hc.client5.http.CircularRedirectException;
import org.apache.hc.client5.http.ClientProtocolException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.HttpHostConnectException;
import org.apache.hc.client5.http.RedirectException;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.hc.core5.http.ProtocolException;

/** Turns an exception from an HTTP attempt that got no usable response into a failure worded for a person. */
final class NetworkFailure {

    private NetworkFailure() {
    }

    static FetchFailure describe(Throwable thrown, int attempt, long timeoutMs) {
        IOException io = Causes.first(thrown, IOException.class);
        Throwable t = io != null ? io : thrown;
        String detail = t.getMessage() == null ? "" : ": " + t.getMessage();
        if (t instanceof ConnectTimeoutException) {
            return unsent("timed out connecting (no connection within " + timeoutMs + " ms)", attempt, "timeout");
        }
        // the attempt's deadline and the read timeout are the same length: whichever fires, the user hears the same
        if (t instanceof AttemptTimeoutException || t instanceof SocketTimeoutException) {
            return retryable("timed out: no complete response within " + timeoutMs + " ms", attempt, "timeout");
        }
        if (t instanceof HttpHostConnectException || t instanceof ConnectException) {
            return unsent("connection refused" + detail, attempt, "connection");
        }
        if (t instanceof NoHttpResponseException) {
            return retryable("the server closed the connection without responding", attempt, "connection");
        }
        if (t instanceof ConnectionClosedException) {
            return retryable("the connection closed before the whole response arrived" + detail, attempt,
                    "connection");
        }
        if (t instanceof UnknownHostException) {
            return new FetchFailure.Final(null, "unknown host" + detail, attempt, "dns");
        }
        if (t instanceof NoRouteToHostException) {
            return unsent("no route to host" + detail, attempt, "connection");
        }
        if (t instanceof SSLException) {
            return new FetchFailure.Final(null, "TLS failure" + detail, attempt, "tls");
        }
        if (t instanceof CircularRedirectException || causedBy(thrown, CircularRedirectException.class)) {
            return new FetchFailure.Final(null, "redirect loop" + detail, attempt, "redirects");
        }
        if (t instanceof RedirectException || causedBy(thrown, RedirectException.class)) {
            return new FetchFailure.Final(null, "too many redirects (more than " + FetchRoutes.MAX_REDIRECTS + ")",
                    attempt, "redirects");
        }
        // the server's answer breaks the protocol (a redirect to ftp://, a Location that is no URI) or its body is
        // not the compressed data it claims: the same again on a retry
        if (t instanceof BodyDecodingException) {
            return new FetchFailure.Final(null, t.getMessage(), attempt, "protocol");
        }
        if (causedBy(thrown, ClientProtocolException.class) || causedBy(thrown, ProtocolException.class)) {
            return new FetchFailure.Final(null, "HTTP protocol error" + detailOf(thrown, ProtocolException.class),
                    attempt, "protocol");
        }
        if (t instanceof SocketException) {
            String message = String.valueOf(t.getMessage()).toLowerCase(java.util.Locale.ROOT);
            return retryable(message.contains("reset") ? "connection reset by the server" : "network error" + detail,
                    attempt, "connection");
        }
        if (t instanceof InterruptedIOException) {
            return retryable("the request was interrupted" + detail, attempt, "connection");
        }
        if (t instanceof IOException) {
            return retryable("I/O error (" + t.getClass().getSimpleName() + ")" + detail, attempt, "connection");
        }
        return new FetchFailure.Final(null,
                "unexpected error (" + thrown.getClass().getSimpleName() + ")"
                        + (thrown.getMessage() == null ? "" : ": " + thrown.getMessage()), attempt, "unexpected");
    }

    /** The request may have reached the server: only an idempotent one is sent again. */
    private static FetchFailure retryable(String reason, int attempt, String cause) {
        return new FetchFailure.Retryable(reason, attempt, cause, false);
    }

    /** No connection was made: the server never saw the request. */
    private static FetchFailure unsent(String reason, int attempt, String cause) {
        return new FetchFailure.Retryable(reason, attempt, cause, true);
    }

    /** ": message" of the first cause of that type with a message, else of the top. */
    private static String detailOf(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c : Causes.chain(t)) {
            if (type.isInstance(c) && c.getMessage() != null) {
                return ": " + c.getMessage();
            }
        }
        return t.getMessage() == null ? "" : ": " + t.getMessage();
    }

    /** Whether {@code t} or one of its causes is a {@code type}. */
    static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
        return Causes.first(t, type) != null;
    }
}
