package io.apiingest.fetch.auth;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.apiingest.settings.AuthSettings;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.hc.core5.concurrent.ComplexCancellable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one OAuth2 access token that every request shares. It is asked for when first needed, and again when due
 * for renewal (at 90 % of its expires_in) or when the API refused it. One request for it at a time: whoever needs
 * the token while it is being fetched waits for that fetch and shares its answer, the token or the failure, so
 * 50 requests needing it at once make one token request.
 *
 * <p>The fetch runs on a thread of its own, within {@code ingest.timeout-ms} (then aborted), and nobody waits for
 * it longer than that: a token endpoint that hangs turns into failures of the requests, not into hung threads. A
 * failure is shared for half of {@code ingest.retry.delay-ms} more, so that a failing endpoint is not asked again
 * by every request in a burst, while a request's own retry, which waits at least that long, asks again.
 *
 * <p>A request waits for the token with its concurrency slot held (the token is what it needs next, and no other
 * slot is waited for: the token endpoint has a client and connections of its own).
 */
public final class OAuth2Token extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(OAuth2Token.class);
    /** What a waiter allows on top of the fetch's own deadline, for the fetch thread to hand the answer over. */
    private static final long HAND_OVER_MS = 1000;

    private final TokenEndpoint endpoint;
    private final ExecutorService fetcher;
    private final long timeoutMs;
    private final long failureSharedNanos;
    private Fetch current;
    private volatile List<AccessToken> issued = List.of();

    /** One fetch of the token: its answer to come, and when it began. */
    private record Fetch(CompletableFuture<AccessToken> answer, long startedNanos) {
    }

    /**
     * @param fetcher one thread, on which the token requests run one at a time
     * @param retryDelayMs {@code ingest.retry.delay-ms}: a failure is shared for half of it
     */
    OAuth2Token(TokenEndpoint endpoint, ExecutorService fetcher, long timeoutMs, long retryDelayMs) {
        this.endpoint = endpoint;
        this.fetcher = fetcher;
        this.timeoutMs = timeoutMs;
        this.failureSharedNanos = TimeUnit.MILLISECONDS.toNanos(retryDelayMs / 2);
    }

    /**
     * The token endpoint of {@code ingest.auth.*}, asked through an HttpClient of its own.
     *
     * @param fetcher one thread, on which the token requests run one at a time
     */
    public static OAuth2Token of(AuthSettings auth, long timeoutMs, long retryDelayMs, ObjectMapper json,
            ExecutorService fetcher) {
        return new OAuth2Token(new TokenEndpoint(auth, timeoutMs, json), fetcher, timeoutMs, retryDelayMs);
    }

    /** The current token, fetched first when there is none or it is due for renewal; waits at most the deadline. */
    AccessToken get() throws TokenUnavailableException {
        Fetch fetch = current();
        try {
            return fetch.answer().get(timeoutMs + HAND_OVER_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException failed) {
            throw failure(failed.getCause());
        } catch (TimeoutException tooLong) {
            throw endpoint.failure("did not answer within " + timeoutMs + " ms", true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw endpoint.failure("was not waited for: the request was interrupted", true);
        }
    }

    /**
     * The API refused {@code refused}: the next {@link #get} fetches a new token, unless one newer than it is
     * already there or on its way (the other requests refused with the same token share that renewal).
     */
    synchronized void renew(AccessToken refused) {
        if (current != null && current.answer().isDone() && !current.answer().isCompletedExceptionally()
                && current.answer().join() == refused) {
            current = null;
        }
    }

    /** The tokens issued lately (the current one and the one before), for error texts to be cleaned of. */
    List<String> issuedLately() {
        return issued.stream().map(AccessToken::value).toList();
    }

    private synchronized Fetch current() {
        long now = System.nanoTime();
        if (current == null || isOver(current, now)) {
            current = fetch(now);
        }
        return current;
    }

    private boolean isOver(Fetch fetch, long now) {
        CompletableFuture<AccessToken> answer = fetch.answer();
        if (!answer.isDone()) {
            return false;
        }
        if (answer.isCompletedExceptionally()) {
            return now - fetch.startedNanos() >= failureSharedNanos;
        }
        return answer.join().dueForRenewal(now);
    }

    private Fetch fetch(long now) {
        ComplexCancellable cancel = new ComplexCancellable();
        CompletableFuture<AccessToken> answer = CompletableFuture.supplyAsync(() -> {
            try {
                return endpoint.fetch(cancel);
            } catch (TokenUnavailableException e) {
                throw new CompletionException(e);
            }
        }, fetcher).orTimeout(timeoutMs, TimeUnit.MILLISECONDS);
        answer.whenComplete((token, failed) -> {
            if (token != null) {
                AccessToken last = issued.isEmpty() ? null : issued.get(0);
                issued = last == null ? List.of(token) : List.of(token, last);
                LOG.debug("OAuth2 token from {}", endpoint.shown());
            } else {
                // the deadline passed: the POST is aborted, and the fetch thread is free for the next one
                cancel.cancel();
                LOG.warn("{}; the requests that need it are retried or fail", failure(failed).getMessage());
            }
        });
        return new Fetch(answer, now);
    }

    private TokenUnavailableException failure(Throwable failed) {
        Throwable cause = failed instanceof CompletionException && failed.getCause() != null ? failed.getCause()
                : failed;
        if (cause instanceof TokenUnavailableException unavailable) {
            return unavailable;
        }
        if (cause instanceof TimeoutException) {
            return endpoint.failure("did not answer within " + timeoutMs + " ms", true);
        }
        return endpoint.failure("could not be asked (" + cause.getClass().getSimpleName() + ")", true);
    }

    @Override
    protected void doStop() throws IOException {
        fetcher.shutdownNow();
        endpoint.close();
    }
}
