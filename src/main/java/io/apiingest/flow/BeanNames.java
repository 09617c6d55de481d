package io.apiingest.flow;

/** Registry names by which one stage finds another's bean without importing its class. */
public final class BeanNames {

    /**
     * The last step for every request's outcome (a Camel {@code Processor} taking a {@link FetchOutcome} body):
     * the output stage binds it; fetch calls it by this name, so another sink can be bound in its place.
     */
    public static final String COLLECT = "collect";

    /**
     * The fetch route's id: on a stop, the output waits while exchanges are in flight there (a page answered after
     * the stop still gets its record), without importing fetch.
     */
    public static final String FETCH_ROUTE = "fetch";

    /** The output's outbox: the {@link Ledger} the intake asks, and the bean its route calls. */
    public static final String OUTBOX = "outbox";

    private BeanNames() {
    }
}
