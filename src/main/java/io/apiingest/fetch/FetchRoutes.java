package io.apiingest.fetch;

import java.util.concurrent.CancellationException;

import io.apiingest.intake.StopSignal;
import io.apiingest.output.CollectRoute;
import org.apache.camel.builder.RouteBuilder;

/**
 * Fetch: a URL line from the hand-off endpoint ({@code ingest.handoff}) becomes one outcome for collect.
 * The "retry" route configuration ({@link RetryConfiguration}) redelivers the attempt and records failures.
 */
public class FetchRoutes extends RouteBuilder {

    public static final String ATTEMPT = "direct:attempt";
    /** Redirects an attempt follows; one more fails it with "too many redirects". */
    static final int MAX_REDIRECTS = 10;
    /**
     * One endpoint for every URL (the URL travels in the CamelHttpUri header), so the endpoint cache stays flat.
     * The body stays the live stream (disableStreamCache) for HttpAttempt to read within the size limit: camel-http
     * would otherwise copy a body of any size into a cache first.
     */
    static final String HTTP = "http://api-ingest?throwExceptionOnFailure=false&followRedirects=true"
            + "&disableStreamCache=true&httpClient.maxRedirects=" + MAX_REDIRECTS;

    private final RequestGate gate;
    private final StopSignal stop;
    private final HttpAttempt attempt;
    private final FetchOutcomes outcomes;

    public FetchRoutes(RequestGate gate, HttpAttempt attempt, FetchOutcomes outcomes, StopSignal stop) {
        this.gate = gate;
        this.stop = stop;
        this.attempt = attempt;
        this.outcomes = outcomes;
    }

    @Override
    public void configure() {
        // The concurrency slot taken by an attempt is held until its outcome is recorded (or the attempt has
        // failed), so a crash repeats at most the requests holding a slot: at most ingest.concurrency.
        from("{{ingest.handoff}}").routeId("fetch").routeConfigurationId(RetryConfiguration.ID)
                .process(attempt::target)
                .to(ATTEMPT)
                .doTry()
                    .process(outcomes::fetched)
                    .to(CollectRoute.ENDPOINT)
                .doFinally()
                    .process(exchange -> gate.leave())
                .end();

        // One attempt, start to finish. It handles no errors itself, so a failure goes back to the fetch
        // route, whose redelivery runs this whole route again: gate, request, check. Stream caching is off so
        // that the response body reaches readResponse as the live stream, not read whole into a cache.
        from(ATTEMPT).routeId("attempt").streamCache("false").errorHandler(noErrorHandler())
                .process(exchange -> {
                    if (stop.isSet()) {
                        // stopping: requests in flight finish, no new one starts; the line stays unrecorded
                        throw new CancellationException("not started: the application is stopping");
                    }
                    gate.enter();
                })
                .doTry()
                    .process(attempt::prepare)
                    .to(HTTP)
                    .process(attempt::readResponse)
                .doCatch(Exception.class)
                    .process(attempt::noResponse)
                .end()
                .process(exchange -> {
                    try {
                        attempt.check(exchange);
                    } catch (Exception failed) {
                        // a failed attempt gives its slot back now: a retry waits without one
                        gate.leave();
                        throw failed;
                    }
                });
    }
}
