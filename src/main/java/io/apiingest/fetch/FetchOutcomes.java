package io.apiingest.fetch;

import com.fasterxml.jackson.databind.JsonNode;
import io.apiingest.fetch.auth.Secrets;
import io.apiingest.flow.FetchOutcome;
import io.apiingest.flow.FetchRequest;
import io.apiingest.flow.RecordKey;
import io.apiingest.flow.StopSignal;
import io.apiingest.metrics.IngestMetrics;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the outcome of a request once its fate is known: a success, or a failure for good. */
public final class FetchOutcomes {

    private static final Logger LOG = LoggerFactory.getLogger(FetchOutcomes.class);

    private final ResponseBody responseBody;
    private final StopSignal stop;
    private final IngestMetrics metrics;
    private final Secrets secrets;

    public FetchOutcomes(ResponseBody responseBody, StopSignal stop, IngestMetrics metrics, Secrets secrets) {
        this.responseBody = responseBody;
        this.stop = stop;
        this.metrics = metrics;
        this.secrets = secrets;
    }

    public void fetched(Exchange exchange) {
        FetchRequest request = exchange.getProperty(HttpAttempt.LINE, FetchRequest.class);
        HttpAttempt.Response response = exchange.getProperty(HttpAttempt.RESPONSE, HttpAttempt.Response.class);
        exchange.getMessage().setBody(new FetchOutcome.Fetched(keyOf(exchange, request), request, response.status(),
                exchange.getProperty(HttpAttempt.ATTEMPT, Integer.class), response.elapsedMs(),
                responseBody.toJson(response.body(), response.contentType())));
        exchange.removeProperty(HttpAttempt.RESPONSE);
    }

    public void failed(Exchange exchange) {
        FetchRequest request = exchange.getProperty(HttpAttempt.LINE, FetchRequest.class);
        if (request == null) {
            // failed before the request was taken aside (a bug of ours): it is still the body
            request = exchange.getMessage().getBody(FetchRequest.class);
        }
        Exception caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (stop.isSet() && !(caught instanceof FetchFailure)) {
            // cut short by the stop (a refused redelivery, an interrupted wait): not an outcome, so the line
            // stays unrecorded and the next start fetches it
            exchange.getMessage().setBody(null);
            return;
        }
        FetchFailure failure = caught instanceof FetchFailure f ? f
                : NetworkFailure.describe(caught, exchange.getProperty(HttpAttempt.ATTEMPT, 0, Integer.class), 0);
        metrics.failure(failure.cause());
        // an error text may quote an exception, and an exception what was sent: never a secret in a record
        String error = secrets.scrub(failure.reason(), request);
        LOG.debug("{} line {} ({}) failed after {} attempt(s): {}", request.job(), request.line(), request.url(),
                failure.attempts(), error);
        exchange.getMessage().setBody(new FetchOutcome.Failed(keyOf(exchange, request), request, failure.status(),
                failure.attempts(), error));
    }

    /** The page's body as a tree, for its paginator. */
    JsonNode tree(FetchOutcome.Fetched page) {
        return responseBody.tree(page.body());
    }

    /** A chain that had more pages ended at ingest.paginate.max-pages. */
    public void truncated(Exchange exchange) {
        FetchOutcome outcome = exchange.getMessage().getBody(FetchOutcome.class);
        LOG.debug("{} line {}: the chain ends at ingest.paginate.max-pages ({} pages), more were on offer",
                outcome.job(), outcome.line(), outcome.key().page());
    }

    /** The line's only record, or the page of its chain. */
    private static RecordKey keyOf(Exchange exchange, FetchRequest request) {
        PageChain chain = exchange.getProperty(FetchRoutes.CHAIN, PageChain.class);
        return chain == null ? RecordKey.of(request.line()) : new RecordKey(request.line(), chain.page(),
                RecordKey.NO_ITEM);
    }
}
