package io.apiingest.fetch;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;

import com.fasterxml.jackson.databind.JsonNode;
import io.apiingest.fetch.pace.Pacing;
import io.apiingest.flow.FetchOutcome;
import io.apiingest.flow.OriginTally;
import io.apiingest.flow.FetchRequest;
import io.apiingest.flow.StopSignal;
import io.apiingest.flow.BeanNames;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;

/**
 * Fetch: a request from the hand-off endpoint ({@code ingest.handoff}) becomes one outcome, handed to the bean
 * named {@value BeanNames#COLLECT}.
 * The "retry" route configuration ({@link RetryConfiguration}) redelivers the attempt and records failures.
 */
public class FetchRoutes extends RouteBuilder {

    /** Redirects an attempt follows; one more fails it with "too many redirects". */
    static final int MAX_REDIRECTS = 10;
    /**
     * One endpoint for every URL (the URL travels in the CamelHttpUri header), so the endpoint cache stays flat.
     * The body stays the live stream (disableStreamCache) for HttpAttempt to read within the size limit: camel-http
     * would otherwise copy a body of any size into a cache first. The response message carries the response's
     * headers only (copyHeaders=false); AttemptStep keeps Camel's redelivery headers.
     */
    static final String HTTP = "http://api-ingest?throwExceptionOnFailure=false&followRedirects=true"
            + "&disableStreamCache=true&copyHeaders=false&httpClient.maxRedirects=" + MAX_REDIRECTS;

    /** Exchange property: the line's chain of pages ({@link PageChain}); absent for a line without pagination. */
    static final String CHAIN = "ingestPageChain";

    private final RequestGate gate;
    private final StopSignal stop;
    private final HttpAttempt attempt;
    private final FetchOutcomes outcomes;
    private final Paginator paginator;
    private final NextPages nextPages;
    private final Pacing pacing;
    private final OriginTally origins;
    private final PendingRequests pending;
    private final ScheduledExecutorService scheduler;
    private Processor collect;

    /** The endpoint requests come in on: ingest.handoff, or a worker's own over Kafka. */
    private final String input;

    FetchRoutes(String input, RequestGate gate, HttpAttempt attempt, FetchOutcomes outcomes, StopSignal stop, Paginator paginator,
            NextPages nextPages, Pacing pacing, ScheduledExecutorService scheduler, OriginTally origins,
            PendingRequests pending) {
        this.input = input;
        this.origins = origins;
        this.pending = pending;
        this.pacing = pacing;
        this.scheduler = scheduler;
        this.paginator = paginator;
        this.nextPages = nextPages;
        this.gate = gate;
        this.stop = stop;
        this.attempt = attempt;
        this.outcomes = outcomes;
    }

    @Override
    public void configure() throws Exception {
        collect = getContext().getRegistry().lookupByNameAndType(BeanNames.COLLECT, Processor.class);
        if (collect == null) {
            throw new IllegalStateException("no bean named '" + BeanNames.COLLECT + "' to take the outcomes");
        }
        AttemptStep oneAttempt = new AttemptStep(getContext(), HTTP, gate, attempt, stop, this::itemsTo, pacing,
                scheduler, Clock.systemUTC(), origins);
        getContext().addService(oneAttempt, true, true);

        // The line is checked, then tried. A failed attempt throws, and the "retry" configuration's redelivery runs
        // that one step again: slot, request, check, and the items of a streamed response. The slot taken by a
        // successful attempt is held until its outcome is recorded, so a crash repeats at most the requests holding
        // a slot: at most ingest.concurrency.
        from(input).routeId(BeanNames.FETCH_ROUTE).routeConfigurationId(RetryConfiguration.ID)
                .process(this::firstPage)
                .process(oneAttempt)
                .process(this::collectFetched);
    }

    /**
     * A line's first request: its chain begins, at page 1 or where an earlier run left it (a next page comes with
     * its chain already).
     */
    private void firstPage(Exchange exchange) throws InterruptedException {
        if (exchange.getProperty(CHAIN) != null) {
            return; // a next page: of a line already pending
        }
        if (!pending.hold(exchange, stop::isSet)) {
            throw new java.util.concurrent.CancellationException("not started: the application is stopping");
        }
        // the line's own pagination, if it has one, decides: it may turn pages on where the settings have none
        FetchRequest request = exchange.getMessage().getBody(FetchRequest.class);
        if (paginator.chains(request)) {
            Paginator.Page first = request.resume() != null && request.defect() == null ? paginator.resumed(request)
                    : paginator.first(request);
            exchange.getMessage().setBody(first.request());
            exchange.setProperty(CHAIN, first.chain());
        }
    }

    /** Where a streamed response's items go, one by one as they are read: each is a record, collected at once. */
    private ResponseItems.Sink itemsTo(Exchange exchange) {
        return new ResponseItems.Sink() {
            @Override
            public void item(long index, JsonNode item) throws Exception {
                attempt.withinDeadline(exchange);
                exchange.getMessage().setBody(outcomes.item(exchange, index, item));
                collect.process(exchange);
            }

            @Override
            public void notJson(long index, String why) throws Exception {
                exchange.getMessage().setBody(outcomes.unreadableItem(exchange, index, why));
                collect.process(exchange);
            }
        };
    }

    /**
     * The successful attempt's record (unless its items were the records), then, for a page of a chain, its end:
     * journaled with where the chain goes on. Then the slot goes back, whether the records could be written or
     * not; then, when the chain goes on, its next page goes back to the pipeline, with no slot held.
     */
    private void collectFetched(Exchange exchange) throws Exception {
        Paginator.Next next = null;
        try {
            PageChain chain = exchange.getProperty(CHAIN, PageChain.class);
            ResponseItems.Read items = exchange.getProperty(AttemptStep.ITEMS, ResponseItems.Read.class);
            // read before the outcome takes the message's place; a line without pages never looks
            Object links = chain == null ? null : exchange.getMessage().getHeader("Link");
            FetchRequest request = exchange.getProperty(HttpAttempt.LINE, FetchRequest.class);
            if (items == null) {
                outcomes.fetched(exchange);
                if (chain != null) {
                    FetchOutcome.Fetched page = exchange.getMessage().getBody(FetchOutcome.Fetched.class);
                    next = paginator.after(request, chain, values(links),
                            paginator.readsBody(request) ? outcomes.tree(page) : null, null);
                }
                collect.process(exchange);
            } else if (chain != null) {
                next = paginator.after(request, chain, values(links), items.envelope(), items.items());
            }
            if (chain != null || items != null) {
                exchange.getMessage().setBody(outcomes.pageEnd(exchange, chain, items, next));
                collect.process(exchange);
            }
            if (next instanceof Paginator.Page page && page.request().defect() != null) {
                // a loop or a next URL that is none: the chain's closing error record, at once
                exchange.getMessage().setBody(outcomes.unusablePage(page.request(), page.chain().page()));
                collect.process(exchange);
                next = null;
            }
        } finally {
            gate.leave();
        }
        if (next instanceof Paginator.Page page) {
            PendingRequests.Place place = exchange.getProperty(PendingRequests.PLACE, PendingRequests.Place.class);
            if (place != null) {
                place.handOn(); // the line stays pending: its next page holds its place
            }
            nextPages.submit(new Paginator.Page(outcomes.shown(page.request()), page.chain()), place);
        }
    }

    /** A header's values: camel-http gives a header sent more than once as a list. */
    private static List<String> values(Object header) {
        if (header == null) {
            return List.of();
        }
        if (header instanceof Iterable<?> several) {
            List<String> values = new ArrayList<>();
            several.forEach(value -> values.add(String.valueOf(value)));
            return values;
        }
        return List.of(header.toString());
    }
}
