package io.apiingest.fetch;

import java.util.concurrent.CancellationException;
import java.util.function.Function;

import io.apiingest.fetch.http.StoppingException;
import io.apiingest.flow.StopSignal;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.ExchangeHelper;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.support.service.ServiceSupport;

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
final class AttemptStep extends ServiceSupport implements Processor {

    /** Exchange property: what reading a response's items gave ({@link ResponseItems.Read}), once all are read. */
    static final String ITEMS = "ingestItems";

    private final String httpUri;
    private final RequestGate gate;
    private final StopSignal stop;
    private final HttpAttempt attempt;
    private final CamelContext context;
    private final Function<Exchange, ResponseItems.Sink> itemsTo;
    private Producer http;

    /**
     * Started with the context (a service of it), so the producer is made once the component is configured.
     *
     * @param itemsTo where the items of a streamed response go, as they are read
     */
    AttemptStep(CamelContext context, String httpUri, RequestGate gate, HttpAttempt attempt, StopSignal stop,
            Function<Exchange, ResponseItems.Sink> itemsTo) {
        this.context = context;
        this.itemsTo = itemsTo;
        this.httpUri = httpUri;
        this.gate = gate;
        this.stop = stop;
        this.attempt = attempt;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        if (stop.isSet()) {
            // stopping: requests in flight finish, no new one starts; the line stays unrecorded
            throw new CancellationException("not started: the application is stopping");
        }
        attempt.target(exchange);
        exchange.removeProperty(ITEMS);
        gate.enter();
        try {
            try {
                sendAndCheck(exchange);
            } catch (FetchFailure refused) {
                if (!attempt.renewedCredentialsAfter(exchange, refused)) {
                    throw refused;
                }
                // the API refused an OAuth2 token, now renewed: the request goes again at once, in the same slot
                sendAndCheck(exchange);
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

    private void sendAndCheck(Exchange exchange) throws Exception {
        // the place in the rate's line before the deadline starts and before a connection is taken: waiting
        // for it is not the attempt's time, and holds no idle connection that the server may close meanwhile
        if (!gate.awaitPlaceInLine(stop::isSet)) {
            throw new CancellationException("not started: the application is stopping");
        }
        attempt.prepare(exchange);
        Message request = exchange.getIn();
        try {
            http.process(exchange);
            // camel-http answers in an OUT message; a pipeline would make it the IN before the next step, and
            // the redelivery reads its delay header from the IN
            ExchangeHelper.prepareOutToIn(exchange);
            keepRedeliveryHeaders(request, exchange.getIn());
            attempt.readResponse(exchange);
        } catch (Exception noResponse) {
            if (NetworkFailure.causedBy(noResponse, StoppingException.class)) {
                throw new CancellationException("not sent: the application is stopping");
            }
            attempt.noResponse(exchange, request, noResponse);
        }
        attempt.check(exchange);
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
