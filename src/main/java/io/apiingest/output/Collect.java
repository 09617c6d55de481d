package io.apiingest.output;

import io.apiingest.flow.FetchOutcome;
import io.apiingest.flow.PageEnd;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Collect: the last step for every URL line, success or failure. The outcome in the body lands in its input
 * file's outbox folder; a page's end ({@link PageEnd}), after the page's records, is journaled in its ledger. A step rather than a {@code direct:} route of its own, as it runs once per URL and a
 * route entry costs more than the step; where fetch moves to other machines, outcomes come back over a topic
 * into a route that ends in this same step (README, "Scaling out").
 */
public final class Collect implements Processor {

    private final Outbox outbox;

    public Collect(Outbox outbox) {
        this.outbox = outbox;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Object body = exchange.getMessage().getBody();
        if (body instanceof FetchOutcome outcome) {
            outbox.record(outcome);
        } else if (body instanceof PageEnd end) {
            outbox.pageDone(end);
        }
    }
}
