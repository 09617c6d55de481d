package io.apiingest.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.apiingest.fetch.auth.RequestCredentials;
import io.apiingest.fetch.auth.TokenUnavailableException;
import io.apiingest.fetch.http.AttemptDeadline;
import io.apiingest.fetch.http.BodyDecodingException;
import io.apiingest.fetch.http.CredentialsStayHome;
import io.apiingest.flow.FetchRequest;
import io.apiingest.flow.FileDeadlines;
import io.apiingest.metrics.IngestMetrics;
import io.apiingest.settings.IngestSettings;
import io.apiingest.settings.Origins;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.http.HttpMethods;
import org.apache.camel.support.ExchangeHelper;
import org.apache.hc.core5.http.impl.EnglishReasonPhraseCatalog;

/**
 * The steps of one HTTP attempt at a request, around the camel-http call in the fetch routes: take the request
 * aside, shape the message, read the response, and decide whether it succeeded, may be retried, or failed for
 * good. Exchange properties carry the state between the steps.
 */
public final class HttpAttempt {

    /** Exchange property: the request being fetched, kept aside while the message is an HTTP request. */
    static final String LINE = "ingestLine";
    static final String TARGET = "ingestTarget";
    /** The header a client sends to make a POST or PATCH safe to repeat (draft-ietf-httpapi-idempotency-key). */
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private static final byte[] NO_BODY = new byte[0];
    static final String ATTEMPT = "ingestAttempt";
    static final String STARTED_NANOS = "ingestAttemptStarted";
    static final String RESPONSE = "ingestResponse";
    static final String NO_RESPONSE = "ingestNoResponse";
    /** The request went once more with renewed credentials: that attempt is no retry. */
    static final String RESENT = "ingestResent";

    private final RetryPolicy retryPolicy;
    private final long timeoutMs;
    private final long maxBodyBytes;
    private final BodyReader bodyReader;
    private final Clock clock;
    private final IngestMetrics metrics;
    private final Map<String, String> defaultHeaders;
    private final boolean retryNonIdempotent;
    private final RequestCredentials credentials;
    private final ResponseItems items;
    private final FileDeadlines deadlines;

    public HttpAttempt(RetryPolicy retryPolicy, IngestSettings settings, Clock clock, IngestMetrics metrics,
            RequestCredentials credentials, ResponseItems items, FileDeadlines deadlines) {
        this.retryPolicy = retryPolicy;
        this.deadlines = deadlines;
        this.items = items;
        this.credentials = credentials;
        this.defaultHeaders = settings.request().headers();
        this.retryNonIdempotent = settings.retryNonIdempotent();
        this.timeoutMs = settings.timeoutMs();
        this.maxBodyBytes = settings.maxBodyBytes();
        this.bodyReader = new BodyReader(settings.maxBodyBytes());
        this.clock = clock;
        this.metrics = metrics;
    }

    /**
     * A response as far as the outcome needs it. {@code body} is kept only for 2xx, and only when it is within
     * {@code ingest.max-body-bytes}; {@code bodyTooLarge} says it was not. A 2xx body of items is not read here:
     * {@code items} is its live stream, which {@link #readItems} reads.
     */
    public record Response(int status, String contentType, byte[] body, boolean bodyTooLarge, String retryAfter,
            long elapsedMs, String contentEncoding, String undecodable, InputStream items) {
    }

    /**
     * Takes the request on the exchange aside, once, before its first attempt; a line the intake found unusable
     * fails for good, untried. The headers the exchange inherited from its input file go: Camel's redelivery
     * copies the exchange before every later step, and the request needs none of them.
     */
    public void target(Exchange exchange) throws FetchFailure {
        if (exchange.getProperty(TARGET) != null) {
            return;
        }
        Message message = exchange.getMessage();
        FetchRequest request = message.getBody(FetchRequest.class);
        message.getHeaders().clear();
        exchange.setProperty(LINE, request);
        if (request.defect() != null) {
            throw new FetchFailure.Final(null, request.defect(), 0);
        }
        exchange.setProperty(TARGET, request.uri().toString());
    }

    /**
     * Fails the request for good once its file's ingest.file-deadline-s has passed, with the attempts it had: no
     * further attempt, wait or item.
     */
    void withinDeadline(Exchange exchange) throws FetchFailure {
        FetchRequest request = exchange.getProperty(LINE, FetchRequest.class);
        if (request != null && deadlines.passed(request.job())) {
            // the status of the response being read, or of the attempt before: null when none came
            Response response = exchange.getProperty(RESPONSE, Response.class);
            throw new FetchFailure.Final(response == null ? null : response.status(), FileDeadlines.EXCEEDED,
                    exchange.getProperty(ATTEMPT, 0, Integer.class), "deadline");
        }
    }

    /** Milliseconds until the request's file's ingest.file-deadline-s passes; Long.MAX_VALUE without one. */
    long msUntilDeadline(Exchange exchange) {
        FetchRequest request = exchange.getProperty(LINE, FetchRequest.class);
        return request == null ? Long.MAX_VALUE : deadlines.remainingMs(request.job());
    }

    /** Whether the request's file is past its ingest.file-deadline-s. */
    boolean pastDeadline(Exchange exchange) {
        FetchRequest request = exchange.getProperty(LINE, FetchRequest.class);
        return request != null && deadlines.passed(request.job());
    }

    /**
     * Shapes the message: the request's method, URI, headers (over ingest.request.headers.*), ingest.auth's
     * credentials, and body, none of our own headers leaking to the server.
     *
     * @throws FetchFailure when the credentials cannot be had (no OAuth2 token): the request is not sent
     */
    public void prepare(Exchange exchange) throws FetchFailure {
        Message message = exchange.getMessage();
        // counted by us, not read from Camel's redelivery header, so the count survives whatever a failed
        // call did to the message
        int attempt = 1 + exchange.getProperty(ATTEMPT, 0, Integer.class);
        exchange.setProperty(ATTEMPT, attempt);
        exchange.removeProperty(RESPONSE);
        exchange.removeProperty(NO_RESPONSE);
        // keep Camel's redelivery headers, in which it counts its redeliveries (by hand: removeHeaders with an
        // exclude pattern compiles a regex for every header)
        message.getHeaders().keySet().removeIf(name -> !name.startsWith("CamelRedeliver"));
        FetchRequest request = exchange.getProperty(LINE, FetchRequest.class);
        // the enum, not "GET": camel-http would look up a String-to-enum converter on every request
        message.setHeader(Exchange.HTTP_METHOD, FetchRequest.GET.equals(request.method()) ? HttpMethods.GET
                : HttpMethods.valueOf(request.method()));
        PageChain chain = exchange.getProperty(FetchRoutes.CHAIN, PageChain.class);
        // a page a next link took to another origin goes as a redirect there would: no credentials
        boolean leftHome = chain != null && chain.leavesHome(request.uri());
        if (!defaultHeaders.isEmpty()) {
            if (leftHome) {
                defaultHeaders.forEach((name, value) -> {
                    if (!CredentialsStayHome.namedLikeACredential(name)) {
                        message.setHeader(name, value);
                    }
                });
            } else {
                message.getHeaders().putAll(defaultHeaders);
            }
        }
        if (!request.headers().isEmpty()) {
            // the message's headers ignore case, so the request's own replace a default of any spelling
            message.getHeaders().putAll(request.headers());
        }
        String uri = exchange.getProperty(TARGET, String.class);
        if (credentials != RequestCredentials.NONE
                && !(leftHome && !credentials.namesOrigin(Origins.of(request.uri())))) {
            try {
                uri = credentials.addTo(message, request.uri());
            } catch (TokenUnavailableException noToken) {
                // the API never saw the request: any method may be sent again
                fail(exchange, noToken.retryable()
                        ? new FetchFailure.Retryable(noToken.getMessage(), attempt, "auth", true)
                        : new FetchFailure.Final(null, noToken.getMessage(), attempt, "auth"), null);
            }
        }
        message.setHeader(Exchange.HTTP_URI, uri);
        // never null: a message the split copied from the file's exchange answers a null body with the input file,
        // which camel-http would then send as the body of a POST
        message.setBody(request.body() == null ? NO_BODY : request.body());
        exchange.setProperty(STARTED_NANOS, System.nanoTime());
    }

    /**
     * The API answered 401 to the attempt just checked: whether the credentials were renewed (an OAuth2 token,
     * once per request), so that the request goes once more, in the same slot.
     */
    public boolean renewedCredentialsAfter(Exchange exchange, FetchFailure failure) {
        Integer status = failure.status();
        if (status != null && status == 401 && credentials.renewedAfterRefusal(exchange)) {
            exchange.setProperty(RESENT, true);
            return true;
        }
        return false;
    }

    /**
     * Reads the body from the live stream while the attempt still holds its slot, whatever the status, and
     * closes it: the connection goes back to the pool, or is dropped when the body was cut short (too large, or
     * out of time; {@link AttemptDeadline}). Only a 2xx body is kept.
     */
    public void readResponse(Exchange exchange) throws IOException {
        Message message = exchange.getMessage();
        int status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        long startedNanos = exchange.getProperty(STARTED_NANOS, Long.class);
        BodyReader.Body body;
        String undecodable = null;
        String contentType = message.getHeader("Content-Type", String.class);
        InputStream in = message.getBody(InputStream.class);
        if (status / 100 == 2 && items.of(exchange.getProperty(LINE, FetchRequest.class)).hasItems(contentType)) {
            InputStream stream = in != null ? in : InputStream.nullInputStream(); // a 204: no items
            // read item by item once the attempt is checked, and bound by silence rather than the attempt's
            // deadline: a 20-minute export streams as long as it keeps coming
            AttemptDeadline.untilSilence(stream);
            long elapsedMs = (System.nanoTime() - startedNanos) / 1_000_000;
            metrics.response(status, System.nanoTime() - startedNanos);
            exchange.setProperty(RESPONSE, new Response(status, contentType, null, false, null, elapsedMs,
                    message.getHeader("Content-Encoding", String.class), null, stream));
            message.setBody(null);
            return;
        }
        try (in) {
            body = bodyReader.read(in, status / 100 == 2);
        } catch (BodyDecodingException bad) {
            // the status still counts: a 503 with a corrupt br page is a 503, retried; a 2xx is a failure with it
            body = new BodyReader.Body(null, false);
            undecodable = bad.getMessage();
        }
        long elapsedNanos = System.nanoTime() - startedNanos;
        long elapsedMs = elapsedNanos / 1_000_000;
        metrics.response(status, elapsedNanos);
        // HttpClient decodes the codings it offers and then drops the header: one still there is one it left
        exchange.setProperty(RESPONSE, new Response(status, contentType, body.bytes(), body.tooLarge(),
                message.getHeader("Retry-After", String.class), elapsedMs,
                message.getHeader("Content-Encoding", String.class), undecodable, null));
        message.setBody(null);
    }

    /**
     * Reads a checked response's items, handing each to {@code sink} as it comes, and closes its stream. A body
     * cut short or silent for ingest.timeout-ms fails the attempt as it would before a response: retried (the
     * items already recorded are skipped then); one that breaks its rule (no array at ingest.items-path, an item
     * over ingest.max-body-bytes, not JSON) fails for good.
     *
     * @return the items read and the page's envelope, or null when the response has no items to read
     */
    ResponseItems.Read readItems(Exchange exchange, ResponseItems.Sink sink) throws Exception {
        Response response = exchange.getProperty(RESPONSE, Response.class);
        if (response == null || response.items() == null) {
            return null;
        }
        long[] read = {0};
        ResponseItems.Sink counting = new ResponseItems.Sink() {
            @Override
            public void item(long index, JsonNode item) throws Exception {
                sink.item(index, item);
                read[0] = index + 1;
            }

            @Override
            public void notJson(long index, String why) throws Exception {
                sink.notJson(index, why);
                read[0] = index + 1;
            }
        };
        try (InputStream in = response.items()) {
            return items.of(exchange.getProperty(LINE, FetchRequest.class)).read(in, response.contentType(),
                    counting);
        } catch (ResponseItems.Unreadable bad) {
            throw new FetchFailure.Final(response.status(), bad.getMessage(), attempt(exchange), "protocol");
        } catch (BodyDecodingException bad) {
            throw new FetchFailure.Final(response.status(), bad.getMessage(), attempt(exchange), "protocol");
        } catch (IOException cut) {
            FetchFailure failure = NetworkFailure.describe(cut, attempt(exchange), timeoutMs);
            String reason = "the response was cut after " + read[0] + " items: " + failure.reason();
            fail(exchange, failure instanceof FetchFailure.Retryable
                    ? new FetchFailure.Retryable(response.status(), reason, failure.attempts(), failure.cause())
                    : new FetchFailure.Final(response.status(), reason, failure.attempts(), failure.cause()), null);
            throw failure; // not reached: fail throws
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // the connection is dropped either way
        }
    }

    /**
     * The attempt threw before a response was read (timeout, refused, reset, a body cut short, …).
     *
     * @param request the message the attempt was sent with
     */
    public void noResponse(Exchange exchange, Message request, Exception thrown) {
        // camel-http may fail half-way through building its response message (a status, no body, no Camel
        // redelivery headers): the next attempt starts from the request message instead, which camel-http
        // leaves as it was (it answers in a new message)
        ExchangeHelper.prepareOutToIn(exchange);
        exchange.setIn(request);
        request.setBody(null);
        metrics.noResponse();
        exchange.setProperty(NO_RESPONSE, NetworkFailure.describe(thrown, attempt(exchange), timeoutMs));
    }

    /**
     * Passes a 2xx response whose body is within the limit; otherwise throws the failure. A retryable one carries
     * its wait in the {@code CamelRedeliveryDelay} header, which the redelivery policy honours for the next attempt.
     */
    public void check(Exchange exchange) throws FetchFailure {
        FetchFailure failure = exchange.getProperty(NO_RESPONSE, FetchFailure.class);
        Long retryAfterMs = null;
        if (failure == null) {
            Response response = exchange.getProperty(RESPONSE, Response.class);
            int status = response.status();
            boolean success = status / 100 == 2;
            if (success && response.items() != null && undecoded(response.contentEncoding())) {
                closeQuietly(response.items());
            }
            if (success && response.undecodable() != null) {
                throw new FetchFailure.Final(status, response.undecodable(), attempt(exchange), "protocol");
            }
            if (success && undecoded(response.contentEncoding())) {
                // kept as it came, the bytes would be a string of replacement characters: the data lost in silence
                throw new FetchFailure.Final(status, "the body is in a Content-Encoding this client cannot decode ("
                        + response.contentEncoding().strip() + ")", attempt(exchange), "protocol");
            }
            if (success && !response.bodyTooLarge()) {
                return;
            }
            String reason = success ? "body too large (over " + maxBodyBytes + " bytes)"
                    : "HTTP " + status + reasonPhrase(status);
            if (isRetryable(status)) {
                failure = new FetchFailure.Retryable(status, reason, attempt(exchange));
                if (status == 429 || status == 503) {
                    retryAfterMs = RetryAfter.toMillis(response.retryAfter(), clock);
                    if (retryAfterMs != null && retryAfterMs > retryPolicy.maxDelayMs()) {
                        // a wait longer than the user allows: not waited out, and not shortened behind the
                        // server's back either (that retry would only be refused again)
                        throw new FetchFailure.Final(status, reason + "; server asks to wait "
                                + (retryAfterMs + 999) / 1000 + " s, over ingest.retry.max-delay-ms ("
                                + retryPolicy.maxDelayMs() + " ms)", attempt(exchange));
                    }
                }
            } else {
                failure = new FetchFailure.Final(status, reason, attempt(exchange));
            }
        }
        fail(exchange, failure, retryAfterMs);
    }

    /**
     * Throws the failure of the attempt: as it is when it is final, or when it may be retried, with its wait in
     * the {@code CamelRedeliveryDelay} header; as final when the method may not be repeated or it was the last.
     */
    private void fail(Exchange exchange, FetchFailure failure, Long retryAfterMs) throws FetchFailure {
        if (failure instanceof FetchFailure.Retryable && !mayRepeat(exchange, failure)) {
            failure = new FetchFailure.Final(failure.status(), failure.reason() + "; not retried: the "
                    + exchange.getProperty(LINE, FetchRequest.class).method() + " may have reached the server, and it "
                    + "is repeated only with an " + IDEMPOTENCY_KEY + " header or ingest.retry.non-idempotent=true",
                    failure.attempts(), failure.cause());
        }
        int retries = failure.attempts() - (exchange.getProperty(RESENT) == null ? 1 : 2);
        if (failure instanceof FetchFailure.Retryable && retries >= retryPolicy.maxRetries()) {
            // the last attempt: fail for good ourselves rather than trust the redelivery count alone
            failure = new FetchFailure.Final(failure.status(), failure.reason(), failure.attempts(),
                    failure.cause());
        }
        if (failure instanceof FetchFailure.Retryable) {
            metrics.retry();
            // never a wait past the file's deadline: the retry then ends the line as "deadline exceeded"
            exchange.getMessage().setHeader(Exchange.REDELIVERY_DELAY, Math.min(retryPolicy.delayMs(retries + 1,
                    retryAfterMs), deadlines.remainingMs(exchange.getProperty(LINE, FetchRequest.class).job())));
        }
        throw failure;
    }

    /**
     * Whether a retryable failure may be tried again for this request's method. GET, HEAD, PUT and DELETE are
     * idempotent (RFC 9110, 9.2.2); a POST or PATCH only when the server surely did not act: it was never sent,
     * or the answer was 408, 429 or 503, or it carries an Idempotency-Key.
     */
    private boolean mayRepeat(Exchange exchange, FetchFailure failure) {
        String method = exchange.getProperty(LINE, FetchRequest.class).method();
        if (retryNonIdempotent || !(method.equals("POST") || method.equals("PATCH")) || failure.unsent()) {
            return true;
        }
        Integer status = failure.status();
        if (status != null && (status == 408 || status == 429 || status == 503)) {
            return true;
        }
        return exchange.getProperty(LINE, FetchRequest.class).header(IDEMPOTENCY_KEY) != null
                || defaultHeaders.containsKey(IDEMPOTENCY_KEY);
    }

    private static boolean undecoded(String contentEncoding) {
        return contentEncoding != null && !contentEncoding.isBlank()
                && !contentEncoding.strip().equalsIgnoreCase("identity");
    }

    static boolean isRetryable(int status) {
        return status == 408 || status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
    }

    /** " Not Found" for 404; nothing for a status without a standard phrase (418, 599, ...). */
    static String reasonPhrase(int status) {
        String phrase = EnglishReasonPhraseCatalog.INSTANCE.getReason(status, Locale.ENGLISH);
        return phrase == null ? "" : " " + phrase;
    }

    private static int attempt(Exchange exchange) {
        return exchange.getProperty(ATTEMPT, 1, Integer.class);
    }
}
