package io.apiingest.fetch.auth;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.apiingest.settings.AuthSettings;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.entity.UrlEncodedFormEntity;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.concurrent.CancellableDependency;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.NameValuePair;
import org.apache.hc.core5.http.impl.EnglishReasonPhraseCatalog;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.message.BasicNameValuePair;
import org.apache.hc.core5.util.Timeout;

/**
 * The token endpoint of {@code ingest.auth.token-url}, asked for a token with the client credentials grant
 * (RFC 6749, 4.4) through an HttpClient of its own: a plain form POST, no redirects, no retries (the requests
 * that need the token retry), each wait within {@code ingest.timeout-ms}.
 *
 * <p>The client authenticates with HTTP Basic (RFC 6749, 2.3.1: id and secret form-encoded, then Base64), which
 * every server must accept. A server that refuses it (401, or 400 invalid_client) is asked once more with the id
 * and secret in the form, which the RFC allows and some servers require; when that works, the form is used from
 * then on.
 */
final class TokenEndpoint implements Closeable {

    /** Token answers are a few hundred bytes: anything longer is cut, and then is not the JSON expected. */
    private static final int MAX_ANSWER_CHARS = 64 * 1024;
    /** An error_description is the server's text, quoted in error records: a line, not a page. */
    private static final int MAX_DESCRIPTION_CHARS = 200;
    /** A token is renewed once this share of its expires_in has passed, counted from when it was asked for. */
    static final double RENEW_AT_SHARE_OF_LIFE = 0.9;

    private final URI url;
    private final String shown;
    private final String clientId;
    private final String clientSecret;
    private final String scope;
    private final long timeoutMs;
    private final ObjectMapper json;
    private final CloseableHttpClient client;
    /** A server's text may echo what it was sent. */
    private final Secrets secrets;
    private volatile boolean secretInForm;

    TokenEndpoint(AuthSettings auth, long timeoutMs, ObjectMapper json) {
        this.url = URI.create(auth.tokenUrl());
        this.shown = shown(url);
        this.clientId = auth.clientId();
        this.clientSecret = auth.clientSecret();
        this.scope = auth.scope();
        this.timeoutMs = timeoutMs;
        this.json = json;
        this.secrets = new Secrets(auth, List::of);
        Timeout timeout = Timeout.ofMilliseconds(timeoutMs);
        this.client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(timeout)
                                .setSocketTimeout(timeout).build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom().setConnectionRequestTimeout(timeout)
                        .setResponseTimeout(timeout).build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .build();
    }

    /** The URL as messages show it: without a query or user info, which could hold credentials. */
    static String shown(URI url) {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort())
                + (url.getRawPath() == null ? "" : url.getRawPath());
    }

    /** The token endpoint as messages name it. */
    String shown() {
        return shown;
    }

    /**
     * Asks for a token.
     *
     * @param cancel takes each request as it goes out, so that the caller's deadline can abort it
     */
    AccessToken fetch(CancellableDependency cancel) throws TokenUnavailableException {
        boolean inForm = secretInForm;
        Answer answer = post(cancel, inForm);
        if (!inForm && answer.refusesClient()) {
            Answer again = post(cancel, true);
            if (again.succeeded()) {
                secretInForm = true;
            }
            answer = again.succeeded() ? again : again.alsoTriedInHeader();
        }
        return answer.token();
    }

    private Answer post(CancellableDependency cancel, boolean inForm) throws TokenUnavailableException {
        List<NameValuePair> form = new ArrayList<>();
        form.add(new BasicNameValuePair("grant_type", "client_credentials"));
        if (scope != null) {
            form.add(new BasicNameValuePair("scope", scope));
        }
        HttpPost post = new HttpPost(url);
        if (inForm) {
            form.add(new BasicNameValuePair("client_id", clientId));
            form.add(new BasicNameValuePair("client_secret", clientSecret));
        } else {
            post.setHeader(HttpHeaders.AUTHORIZATION, basicAuthorization(clientId, clientSecret));
        }
        post.setHeader(HttpHeaders.ACCEPT, "application/json");
        post.setEntity(new UrlEncodedFormEntity(form, StandardCharsets.UTF_8));
        cancel.setDependency(post);
        long sentNanos = System.nanoTime();
        try {
            return client.execute(post, response -> new Answer(response.getCode(), response.getEntity() == null
                    ? "" : EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8, MAX_ANSWER_CHARS),
                    sentNanos));
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    /** RFC 6749, 2.3.1: the id and the secret each form-encoded (Appendix B), then joined and Base64-encoded. */
    static String basicAuthorization(String clientId, String clientSecret) {
        return "Basic " + AuthorizationHeader.base64(ApiKeyQuery.encoded(clientId) + ":"
                + ApiKeyQuery.encoded(clientSecret));
    }

    private TokenUnavailableException unreachable(IOException e) {
        if (e instanceof ConnectTimeoutException || e instanceof SocketTimeoutException) {
            return failure("did not answer within " + timeoutMs + " ms", true);
        }
        if (e instanceof ConnectException) {
            return failure("refused the connection", true);
        }
        if (e instanceof UnknownHostException) {
            return failure("is an unknown host", false);
        }
        if (e instanceof SSLException) {
            return failure("failed TLS (" + oneLine(e.getMessage()) + ")", false);
        }
        if (e instanceof InterruptedIOException) {
            return failure("was not reached: the request was aborted", true);
        }
        return failure("could not be reached (" + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + oneLine(e.getMessage())) + ")", true);
    }

    TokenUnavailableException failure(String what, boolean retryable) {
        return new TokenUnavailableException("no OAuth2 token: the token endpoint " + shown + " " + what,
                retryable);
    }

    /** A server's text in a message of ours: printable, one line, not too long, and no secret in it. */
    private String oneLine(String text) {
        String line = secrets.scrub(text).replaceAll("\\p{Cntrl}+", " ").strip();
        return line.length() > MAX_DESCRIPTION_CHARS ? line.substring(0, MAX_DESCRIPTION_CHARS) + "..." : line;
    }

    @Override
    public void close() throws IOException {
        client.close();
    }

    /** What the token endpoint answered to one POST. */
    private final class Answer {

        private final int status;
        private final long sentNanos;
        private final JsonNode fields;
        private boolean bothTried;

        Answer(int status, String body, long sentNanos) {
            this.status = status;
            this.sentNanos = sentNanos;
            this.fields = parse(body);
        }

        private JsonNode parse(String text) {
            try {
                JsonNode node = json.readTree(text);
                return node != null && node.isObject() ? node : null;
            } catch (IOException notJson) {
                return null;
            }
        }

        boolean succeeded() {
            return status / 100 == 2;
        }

        /** RFC 6749, 5.2: invalid_client comes as 401, or as 400 from servers that do not send 401. */
        boolean refusesClient() {
            return status == 401 || status == 400 && "invalid_client".equals(text("error"));
        }

        Answer alsoTriedInHeader() {
            bothTried = true;
            return this;
        }

        AccessToken token() throws TokenUnavailableException {
            if (!succeeded()) {
                String error = text("error");
                String description = text("error_description");
                String reason = EnglishReasonPhraseCatalog.INSTANCE.getReason(status, Locale.ENGLISH);
                throw failure("answered HTTP " + status + (reason == null ? "" : " " + reason)
                        + (error == null ? "" : ", error " + oneLine(error)
                                + (description == null ? "" : ": " + oneLine(description)))
                        + (bothTried ? " (the client id and secret were tried in an Authorization header and in "
                                + "the form)" : ""), isRetryable(status));
            }
            if (fields == null) {
                throw failure("answered HTTP " + status + " with a body that is not a JSON object", false);
            }
            String token = text("access_token");
            if (token == null || token.isBlank()) {
                throw failure("answered HTTP " + status + " without an access_token", false);
            }
            String type = text("token_type");
            if (type != null && !type.equalsIgnoreCase("bearer")) {
                // RFC 6749, 7.1: a client must not use a token whose type it does not understand
                throw failure("issued a token of type '" + oneLine(type) + "'; only Bearer tokens are supported",
                        false);
            }
            return new AccessToken(token, renewAt(fields.get("expires_in")));
        }

        /** At 90 % of the token's life from when it was asked for; never without a positive expires_in. */
        private long renewAt(JsonNode expiresIn) {
            double seconds = expiresIn == null ? 0 : expiresIn.isNumber() ? expiresIn.asDouble()
                    : expiresIn.isTextual() ? expiresIn.asDouble(0) : 0;
            if (!(seconds > 0)) {
                return AccessToken.NEVER;
            }
            long lifeNanos = (long) Math.min(seconds * RENEW_AT_SHARE_OF_LIFE * 1e9, TimeUnit.DAYS.toNanos(365));
            return sentNanos + lifeNanos;
        }

        private String text(String field) {
            JsonNode value = fields == null ? null : fields.get(field);
            return value == null || value.isNull() || value.isContainerNode() ? null : value.asText();
        }
    }

    static boolean isRetryable(int status) {
        return status == 408 || status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
    }
}
