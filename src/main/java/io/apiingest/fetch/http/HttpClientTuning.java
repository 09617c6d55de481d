package io.apiingest.fetch.http;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ScheduledExecutorService;

import io.apiingest.settings.IngestSettings;
import org.apache.camel.component.http.HttpComponent;
import org.apache.hc.client5.http.impl.ChainElement;
import org.apache.hc.client5.http.protocol.RedirectLocations;

/**
 * camel-http is blocking and its defaults (20 connections per host, 3-minute timeouts, none on a whole attempt,
 * gzip and deflate only) are not ours.
 */
public final class HttpClientTuning {

    static final String USER_AGENT = "api-ingest/0.1";

    static final String RATE = "ingest-rate";
    static final String RATE_LINE = "ingest-rate-line";

    /** A wait for the rate, given by the fetch stage: its place in line, or the exact turn at the wire. */
    @FunctionalInterface
    public interface RateWait {
        /** @return false when the application is stopping and the request must not be sent */
        boolean await() throws IOException, InterruptedException;
    }

    private final IngestSettings settings;
    private final RateWait placeInLine;
    private final RateWait startTurn;

    /**
     * @param placeInLine a redirect hop's place in the rate's line (the first hop took one before the attempt)
     * @param startTurn   the exact check, with the connection ready
     */
    public HttpClientTuning(IngestSettings settings, RateWait placeInLine, RateWait startTurn) {
        this.settings = settings;
        this.placeInLine = placeInLine;
        this.startTurn = startTurn;
    }

    public void applyTo(HttpComponent http) {
        http.setMaxTotalConnections(settings.concurrency());
        http.setConnectionsPerRoute(settings.concurrency());
        http.setConnectTimeout(settings.timeoutMs());
        http.setConnectionRequestTimeout(settings.timeoutMs());
        // No per-read timeout (0 = none): the attempt's deadline below is never later than one, and closes the
        // connection, which ends any read. A read with a timeout costs a poll() per read on a platform thread
        // and a timer per read on a virtual one.
        http.setResponseTimeout(0);
        http.setSoTimeout(0);
        // our redelivery policy is the only retry layer: HttpClient 5.5 would otherwise wait out a
        // Retry-After itself, holding the thread (CAMEL-23345)
        http.setAutomaticRetriesDisabled(true);
        // a million unrelated URLs must not share (and grow) one cookie jar
        http.setCookieManagementDisabled(true);
        http.setUserAgent(USER_AGENT);
        // the deadline holds the whole attempt, connecting, waiting and reading, to ingest.timeout-ms
        ScheduledExecutorService watchdog = http.getCamelContext().getExecutorServiceManager()
                .newSingleThreadScheduledExecutor(this, "attempt-deadline");
        AttemptDeadline deadline = new AttemptDeadline(watchdog, settings.timeoutMs());
        CredentialsStayHome credentials = CredentialsStayHome.of(settings.auth());
        http.setHttpClientConfigurer(client -> {
            // Accept-Encoding and the decoders: HttpClient's own list stops at br, and only when it finds org.brotli
            client.setContentDecoderRegistry(ContentDecoder.offered());
            client.addExecInterceptorFirst(AttemptDeadline.NAME, deadline);
            client.setRedirectStrategy(CredentialsStayHome.REDIRECTS);
            client.addExecInterceptorBefore(ChainElement.REDIRECT.name(), CredentialsStayHome.LINE_NAME,
                    credentials.line());
            client.addExecInterceptorAfter(ChainElement.REDIRECT.name(), CredentialsStayHome.HOP_NAME,
                    credentials.hop());
            if (settings.rate() > 0 || settings.cluster().rate() > 0) {
                // the first hop took its place in the rate's line before the attempt began (AttemptStep); a
                // redirect hop takes one here, before it takes a connection, with the attempt's clock stopped
                client.addExecInterceptorBefore(ChainElement.CONNECT.name(), RATE_LINE, (request, scope, chain) -> {
                    RedirectLocations hops = scope.clientContext.getRedirectLocations();
                    if (hops != null && hops.size() > 0) {
                        AttemptDeadline.paused(scope.clientContext, () -> await(placeInLine));
                    }
                    return chain.proceed(request, scope);
                });
                // the exact check is last, with the connection ready: the request goes out right after it. Every
                // request comes here after its place in line, so the wait is milliseconds, on the attempt's clock
                client.addExecInterceptorAfter(ChainElement.CONNECT.name(), RATE, (request, scope, chain) -> {
                    await(startTurn);
                    return chain.proceed(request, scope);
                });
            }
        });
    }

    private static void await(RateWait wait) throws IOException {
        try {
            if (!wait.await()) {
                throw new StoppingException();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(e.getMessage());
        }
    }
}
