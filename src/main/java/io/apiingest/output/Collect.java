package io.apiingest.output;

import io.apiingest.flow.FetchOutcome;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Collect: the last step for every URL line, success or failure. The outcome in the body lands in its input
 * file's outbox folder. A step rather than a {@code direct:} route of its own, as it runs once per URL and a
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
        FetchOutcome outcome = exchange.getMessage().getBody(FetchOutcome.class);
        if (outcome != null) {
            outbox.record(outcome, exchange.getProperty(FetchOutcome.MORE_TO_COME, false, Boolean.class));
        }
    }
}
