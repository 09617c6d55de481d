package io.apiingest.fetch;

import io.apiingest.intake.UrlLine;
import io.apiingest.output.FetchOutcome;
import org.apache.camel.Exchange;

/** Builds the record for a URL line once its fate is known: a success, or a failure for good. */
public final class FetchOutcomes {

    private final ResponseBody responseBody;

    public FetchOutcomes(ResponseBody responseBody) {
        this.responseBody = responseBody;
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
        FetchFailure failure = caught instanceof FetchFailure f ? f
                : NetworkFailure.describe(caught, exchange.getProperty(HttpAttempt.ATTEMPT, 0, Integer.class), 0);
        exchange.getMessage().setBody(new FetchOutcome.Failed(line.job(), line.line(), line.text(),
                failure.status(), failure.attempts(), failure.reason()));
    }
}
