package io.apiingest.fetch;

import io.apiingest.intake.StopSignal;
import io.apiingest.intake.UrlLine;
import io.apiingest.metrics.IngestMetrics;
import io.apiingest.output.FetchOutcome;
import org.apache.camel.Exchange;

/** Builds the record for a URL line once its fate is known: a success, or a failure for good. */
public final class FetchOutcomes {

    private final ResponseBody responseBody;
    private final StopSignal stop;
    private final IngestMetrics metrics;

    public FetchOutcomes(ResponseBody responseBody, StopSignal stop, IngestMetrics metrics) {
        this.responseBody = responseBody;
        this.stop = stop;
        this.metrics = metrics;
    }

    public void fetched(Exchange exchange) {
        UrlLine line = exchange.getProperty(HttpAttempt.LINE, UrlLine.class);
        HttpAttempt.Response response = exchange.getProperty(HttpAttempt.RESPONSE, HttpAttempt.Response.class);
        exchange.getMessage().setBody(new FetchOutcome.Fetched(line.job(), line.line(), line.text(),
                response.status(), exchange.getProperty(HttpAttempt.ATTEMPT, Integer.class), response.elapsedMs(),
                responseBody.toJson(response.body(), response.contentType())));
        exchange.removeProperty(HttpAttempt.RESPONSE);
    }

    public void failed(Exchange exchange) {
        UrlLine line = exchange.getProperty(HttpAttempt.LINE, UrlLine.class);
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
        exchange.getMessage().setBody(new FetchOutcome.Failed(line.job(), line.line(), line.text(),
                failure.status(), failure.attempts(), failure.reason()));
    }
}
