package io.apiingest.flow;

/** Registry names by which one stage finds another's bean without importing its class. */
public final class BeanNames {

    /**
     * The last step for every request's outcome (a Camel {@code Processor} taking a {@link FetchOutcome} body):
     * the output stage binds it; fetch calls it by this name, so another sink can be bound in its place.
     */
    public static final String COLLECT = "collect";

    private BeanNames() {
    }
}
