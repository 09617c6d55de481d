package io.apiingest.output;

import org.apache.camel.builder.RouteBuilder;

/** Collect: every outcome, success or failure, lands in its input file's outbox folder. */
public class CollectRoute extends RouteBuilder {

    public static final String ENDPOINT = "direct:collect";

    private final Outbox outbox;

    public CollectRoute(Outbox outbox) {
        this.outbox = outbox;
    }

    @Override
    public void configure() {
        from(ENDPOINT).routeId("collect")
                .process(exchange -> {
                    FetchOutcome outcome = exchange.getMessage().getBody(FetchOutcome.class);
                    if (outcome != null) {
                        outbox.record(outcome);
                    }
                });
    }
}
