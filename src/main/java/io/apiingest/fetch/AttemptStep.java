package io.apiingest.fetch;

import java.time.Clock;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.apiingest.fetch.http.StoppingException;
import io.apiingest.fetch.pace.OriginPace;
import io.apiingest.fetch.pace.Pacing;
import io.apiingest.fetch.pace.RateLimitSignals;
import io.apiingest.flow.FetchRequest;
import io.apiingest.flow.OriginTally;
import io.apiingest.flow.StopSignal;
import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Producer;
import org.apache.camel.support.AsyncProcessorSupport;
import org.apache.camel.support.ExchangeHelper;
import org.apache.camel.support.service.ServiceHelper;

/**
 * One HTTP attempt at a URL line, start to finish, as a single step of the fetch route: check the line (before
 * the first attempt only; {@link HttpAttempt#target}), take a concurrency slot and a place in the rate's line,
 * shape the request, send it through camel-http's producer, read the response, and pass it or throw its failure.
 * Being one step is what lets the fetch route's redelivery run the whole attempt again (slot, request, check).
 * A 401 to an OAuth2 token renews the token and sends the request once more within the step, in the same slot:
 * a renewal is no retry of the request, and must not wait a backoff or use up {@code ingest.retry.max}.
 *
 * <p>It calls the camel-http producer itself rather than through a {@code direct:} sub-route with doTry/doCatch:
 * the same request and the same client, without a route entry, a unit of work and three EIPs per attempt; a
 * 20,000-URL run took 8 % less time (bench/RESULTS.md, item 9).
 */
final class AttemptStep extends AsyncProcessorSupport {

    /** Exchange property: what reading a response's items gave ({@link ResponseItems.Read}), once all are read. */
    static final String ITEMS = "ingestItems";

    private final String httpUri;
    private final RequestGate gate;
    private final StopSignal stop;
    private final HttpAttempt attempt;
    private final CamelContext context;
    private final Function<Exchange, ResponseItems.Sink> itemsTo;
    private final Pacing pacing;
    private final OriginTally origins;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private Producer http;

    /**
     * Started with the context (a service of it), so the producer is made once the component is configured.
     *
     * @param itemsTo where the items of a streamed response go, as they are read
     */
    AttemptStep(CamelContext context, String httpUri, RequestGate gate, HttpAttempt attempt, StopSignal stop,
            Function<Exchange, ResponseItems.Sink> itemsTo, Pacing pacing, ScheduledExecutorService scheduler,
            Clock clock, OriginTally origins) {
        this.origins = origins;
        this.context = context;
        this.pacing = pacing;
        this.scheduler = scheduler;
        this.clock = clock;
        this.itemsTo = itemsTo;
        this.httpUri = httpUri;
        this.gate = gate;
        this.stop = stop;
        this.attempt = attempt;
    }

    /**
     * Checks the request, then takes a place with its origin's pace: at once, and the attempt runs on this thread;
     * or, when the origin is paused or full, later, and the attempt runs on the scheduler then. Either way no
     * thread and no slot is held while the request waits for its origin.
     */
    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        OriginPace pace;
        try {
            if (stop.isSet()) {
                // stopping: requests in flight finish, no new one starts; the line stays unrecorded
                throw new CancellationException("not started: the application is stopping");
            }
            attempt.target(exchange);
            attempt.withinDeadline(exchange);
            pace = pacing.of(exchange.getProperty(HttpAttempt.LINE, FetchRequest.class).uri());
        } catch (Exception refused) {
            exchange.setException(refused);
            callback.done(true);
            return true;
        }
        Runnable whenReady = new Runnable() {
            @Override
            public void run() {
                attemptWithPlace(exchange, pace);
                callback.done(false);
            }
        };
        if (pace.enterOrQueue(whenReady)) {
            attemptWithPlace(exchange, pace);
            callback.done(true);
            return true;
        }
        long untilDeadline = attempt.msUntilDeadline(exchange);
        if (untilDeadline < Long.MAX_VALUE) {
            // still in line when its file's deadline passes: out of the line, and failed as "deadline exceeded"
            scheduler.schedule(() -> {
                if (pace.withdraw(whenReady)) {
                    try {
                        attempt.withinDeadline(exchange);
                    } catch (FetchFailure late) {
                        exchange.setException(late);
                    }
                    callback.done(false);
                }
            }, untilDeadline, TimeUnit.MILLISECONDS);
        }
        return false;
    }

    /** The attempt, its origin's place taken; the place goes back when the attempt is done, whatever its end. */
    private void attemptWithPlace(Exchange exchange, OriginPace pace) {
        Answer answer = new Answer();
        try {
            if (stop.isSet()) {
                throw new CancellationException("not started: the application is stopping");
            }
            attempt.withinDeadline(exchange);
            exchange.removeProperty(ITEMS);
            oneAttempt(exchange, answer);
        } catch (Exception failed) {
            exchange.setException(failed);
        } finally {
            pace.exit(answer.status, answer.retryAfterNanos, answer.signals);
            if (answer.sent) {
                origins.count(exchange.getProperty(HttpAttempt.LINE, FetchRequest.class).job(), pace.origin(),
                        answer.status);
            }
        }
    }

    private void oneAttempt(Exchange exchange, Answer answer) throws Exception {
        gate.enter();
        try {
            attempt.withinDeadline(exchange); // the deadline may have passed while it waited for a slot
            try {
                sendAndCheck(exchange, answer);
            } catch (FetchFailure refused) {
                if (!attempt.renewedCredentialsAfter(exchange, refused)) {
                    throw refused;
                }
                // the API refused an OAuth2 token, now renewed: the request goes again at once, in the same slot
                sendAndCheck(exchange, answer);
            }
            // a response of items is read here, holding the slot: a cut one is retried as any failed attempt
            ResponseItems.Read items = attempt.readItems(exchange, itemsTo.apply(exchange));
            if (items != null) {
                exchange.setProperty(ITEMS, items);
            }
        } catch (Exception failed) {
            // a failed attempt gives its slot back now: a retry waits without one
            gate.leave();
            throw failed;
        }
    }

    /** What the origin's pace learns from the attempt's last response. */
    private static final class Answer {
        boolean sent;
        int status;
        long retryAfterNanos = -1;
        RateLimitSignals signals = RateLimitSignals.NONE;
    }

    private void sendAndCheck(Exchange exchange, Answer answer) throws Exception {
        // the place in the rate's line before the deadline starts and before a connection is taken: waiting
        // for it is not the attempt's time, and holds no idle connection that the server may close meanwhile
        if (!gate.awaitPlaceInLine(() -> stop.isSet() || attempt.pastDeadline(exchange))) {
            attempt.withinDeadline(exchange);
            throw new CancellationException("not started: the application is stopping");
        }
        attempt.prepare(exchange);
        answer.sent = true;
        Message request = exchange.getIn();
        try {
            http.process(exchange);
            // camel-http answers in an OUT message; a pipeline would make it the IN before the next step, and
            // the redelivery reads its delay header from the IN
            ExchangeHelper.prepareOutToIn(exchange);
            keepRedeliveryHeaders(request, exchange.getIn());
            hear(exchange.getIn(), answer);
            attempt.readResponse(exchange);
        } catch (Exception noResponse) {
            if (NetworkFailure.causedBy(noResponse, StoppingException.class)) {
                throw new CancellationException("not sent: the application is stopping");
            }
            attempt.noResponse(exchange, request, noResponse);
        }
        attempt.check(exchange);
    }

    /** The status and the rate-limit fields of a response, for its origin's pace. */
    private void hear(Message response, Answer answer) {
        answer.status = response.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        if (answer.status == 429 || answer.status == 503) { // the only answers whose Retry-After pauses an origin
            Long retryAfterMs = RetryAfter.toMillis(response.getHeader("Retry-After", String.class), clock);
            answer.retryAfterNanos = retryAfterMs == null ? -1
                    : TimeUnit.MILLISECONDS.toNanos(Math.min(retryAfterMs, TimeUnit.DAYS.toMillis(1)));
        }
        answer.signals = RateLimitSignals.of(name -> response.getHeader(name, String.class),
                clock.millis() / 1000.0);
    }

    /**
     * The response message has only the response's headers (copyHeaders=false: copying the request's through a
     * header filter cost 1.5 % of the CPU per URL). Camel's redelivery keeps its count in its headers on the
     * message, so they move over. (Our own attempt count is what ends the retries, so the tests pass without
     * this too; it keeps Camel's count, its logs and its exhaustion check right.)
     */
    private static void keepRedeliveryHeaders(Message request, Message response) {
        if (request.hasHeaders()) {
            request.getHeaders().forEach((name, value) -> {
                if (name.startsWith("CamelRedeliver")) {
                    response.setHeader(name, value);
                }
            });
        }
    }

    @Override
    protected void doStart() throws Exception {
        http = context.getEndpoint(httpUri).createProducer();
        ServiceHelper.startService(http);
    }

    @Override
    protected void doStop() {
        ServiceHelper.stopService(http);
    }
}
