package io.apiingest.output;

import org.apache.camel.builder.RouteBuilder;

/** Collect: every outcome, success or failure, lands in its input file's outbox folder. */
public class CollectRoute extends RouteBuilder {

    public static final String ENDPOINT = "direct:collect";

    @Override
    public void configure() {
        from(ENDPOINT).routeId("collect")
                .bean("outbox", "record");
    }
}
