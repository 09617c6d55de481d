package io.apiingest.fetch;

import com.fasterxml.jackson.databind.JsonNode;
import io.apiingest.fetch.auth.Secrets;
import io.apiingest.flow.FetchOutcome;
import io.apiingest.flow.ChainResume;
import io.apiingest.flow.FetchRequest;
import io.apiingest.flow.PageEnd;
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

    /** An item of a streamed response: its own record, keyed by its page and place. */
    FetchOutcome.Fetched item(Exchange exchange, long index, JsonNode item) {
        FetchRequest request = exchange.getProperty(HttpAttempt.LINE, FetchRequest.class);
        HttpAttempt.Response response = exchange.getProperty(HttpAttempt.RESPONSE, HttpAttempt.Response.class);
        // elapsedMs of an item: from the request to this item, read
        return new FetchOutcome.Fetched(itemKey(exchange, request, index), request, response.status(),
                exchange.getProperty(HttpAttempt.ATTEMPT, Integer.class), sinceRequestMs(exchange), item);
    }

    /** An item of an NDJSON response that is not JSON: an error record in its place, and the page goes on. */
    FetchOutcome.Failed unreadableItem(Exchange exchange, long index, String why) {
        FetchRequest request = exchange.getProperty(HttpAttempt.LINE, FetchRequest.class);
        HttpAttempt.Response response = exchange.getProperty(HttpAttempt.RESPONSE, HttpAttempt.Response.class);
        metrics.failure("invalid_item");
        return new FetchOutcome.Failed(itemKey(exchange, request, index), request, response.status(),
                exchange.getProperty(HttpAttempt.ATTEMPT, Integer.class), secrets.scrub(why, request));
    }

    /**
     * The page just recorded (its record, or its items) is done: where its chain goes on, or that it ends, and
     * with what status, attempts and time. A line without a chain whose response had items is a chain of one page.
     */
    PageEnd pageEnd(Exchange exchange, PageChain chain, ResponseItems.Read items, Paginator.Next next) {
        FetchRequest request = exchange.getProperty(HttpAttempt.LINE, FetchRequest.class);
        int attempts = exchange.getProperty(HttpAttempt.ATTEMPT, Integer.class);
        int status;
        long elapsedMs;
        if (items != null) {
            HttpAttempt.Response response = exchange.getProperty(HttpAttempt.RESPONSE, HttpAttempt.Response.class);
            status = response.status();
            elapsedMs = sinceRequestMs(exchange); // to the end of the body, its last item read
        } else {
            FetchOutcome.Fetched page = exchange.getMessage().getBody(FetchOutcome.Fetched.class);
            status = page.status();
            elapsedMs = page.elapsedMs();
        }
        boolean truncated = next instanceof Paginator.End end && end.truncated();
        if (truncated) {
            LOG.debug("{} line {}: the chain ends at ingest.paginate.max-pages ({} pages), more were on offer",
                    request.job(), request.line(), chain.page());
        }
        metrics.page(items == null ? 0 : items.items());
        return new PageEnd(request.job(), request.line(), chain == null ? 1 : chain.page(),
                items == null ? 0 : items.items(), next instanceof Paginator.Page page ? journaled(page) : null,
                truncated, status, attempts, elapsedMs);
    }

    /**
     * A next page as its records will show it: a link the API gave may carry a secret of ours (a token in its
     * query), which the record's url does not.
     */
    FetchRequest shown(FetchRequest next) {
        String url = secrets.scrub(next.url(), next);
        return url.equals(next.url()) ? next : new FetchRequest(next.job(), next.line(), next.method(), next.uri(),
                url, next.headers(), next.body(), next.id(), next.meta(), next.defect(), next.resume(),
                next.paginate());
    }

    /** A chain's next page cannot be requested (a loop, a next URL that is none): the chain's closing record. */
    FetchOutcome.Failed unusablePage(FetchRequest request, int page) {
        metrics.failure("pagination");
        return new FetchOutcome.Failed(new RecordKey(request.line(), page, RecordKey.NO_ITEM), shown(request), null,
                0, secrets.scrub(request.defect(), request));
    }

    /**
     * Where the chain goes on, as the journal keeps it: a next URL or cursor that carries a secret of ours is not
     * written down; a restart then begins the chain again and skips the pages already done.
     */
    private ChainResume journaled(Paginator.Page next) {
        ChainResume at = Paginator.resumeAt(next);
        boolean secret = at.uri() != null && !secrets.scrub(at.uri(), next.request()).equals(at.uri())
                || at.cursor() != null && !secrets.scrub(at.cursor(), next.request()).equals(at.cursor());
        return secret ? new ChainResume(at.page(), at.position(), at.itemsSeen(), null, null) : at;
    }

    private static long sinceRequestMs(Exchange exchange) {
        return (System.nanoTime() - exchange.getProperty(HttpAttempt.STARTED_NANOS, Long.class)) / 1_000_000;
    }

    private static RecordKey itemKey(Exchange exchange, FetchRequest request, long index) {
        PageChain chain = exchange.getProperty(FetchRoutes.CHAIN, PageChain.class);
        return new RecordKey(request.line(), chain == null ? 1 : chain.page(), index);
    }

    /** The line's only record, or the page of its chain. */
    private static RecordKey keyOf(Exchange exchange, FetchRequest request) {
        PageChain chain = exchange.getProperty(FetchRoutes.CHAIN, PageChain.class);
        return chain == null ? RecordKey.of(request.line()) : new RecordKey(request.line(), chain.page(),
                RecordKey.NO_ITEM);
    }
}
