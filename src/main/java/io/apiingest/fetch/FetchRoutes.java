package io.apiingest.fetch;

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

    private final RequestGate gate;
    private final StopSignal stop;
    private final HttpAttempt attempt;
    private final FetchOutcomes outcomes;
    private Processor collect;

    public FetchRoutes(RequestGate gate, HttpAttempt attempt, FetchOutcomes outcomes, StopSignal stop) {
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
        AttemptStep oneAttempt = new AttemptStep(getContext(), HTTP, gate, attempt, stop);
        getContext().addService(oneAttempt, true, true);

        // The line is checked, then tried. A failed attempt throws, and the "retry" configuration's redelivery runs
        // that one step again: slot, request, check. The slot taken by a successful attempt is held until its
        // outcome is recorded, so a crash repeats at most the requests holding a slot: at most ingest.concurrency.
        from("{{ingest.handoff}}").routeId("fetch").routeConfigurationId(RetryConfiguration.ID)
                .process(oneAttempt)
                .process(this::collectFetched);
    }

    /** The successful attempt's record, then its slot goes back, whether the record could be written or not. */
    private void collectFetched(Exchange exchange) throws Exception {
        try {
            outcomes.fetched(exchange);
            collect.process(exchange);
        } finally {
            gate.leave();
        }
    }
}
