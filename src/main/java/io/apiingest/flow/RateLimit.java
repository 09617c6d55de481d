package io.apiingest.flow;

/**
 * The fetch stage's limit of request starts per second, which another stage may change while it runs: a worker's
 * share of {@code ingest.cluster.rate} follows the Kafka partitions it holds.
 */
public interface RateLimit {

    /**
     * @param rate request starts per second from now on; 0 holds every start until it is raised again,
     *             {@link Double#POSITIVE_INFINITY} is no limit
     */
    void limitTo(double rate);

    /** The limit now, as {@link #limitTo} takes it. */
    double rate();

    /** How long a start counts against the next ones under {@code rate}: the window the limit is kept over. */
    long windowNanos(double rate);
}
