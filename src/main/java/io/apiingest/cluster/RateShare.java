package io.apiingest.cluster;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.apiingest.flow.RateLimit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ingest.cluster.rate} shared out by partitions: a worker may start {@code rate × held / partitions}
 * requests a second, where {@code held} is how many of the requests topic's partitions the consumer group gave it,
 * within its own {@code ingest.rate}. The group gives each partition to one member at a time, so the shares add up
 * to the cluster's rate at most, and keys spread lines evenly over partitions, so a worker's share follows its work.
 *
 * <p>A partition's old holder has sent its starts of the last window when the new holder gets it, and the server
 * counts both: so a lower share holds at once, and a higher one only after the window of the smallest share has
 * passed (1.05 s at one start a second or more), when no start of the old holder's is in a window with the new
 * holder's. Until its first partitions, a worker sends nothing; a worker that ends a rebalance with none keeps
 * the requests of a batch it no longer holds from going out (GroupMembership#holds).
 */
final class RateShare implements GroupMembership.Partitions {

    private static final Logger LOG = LoggerFactory.getLogger(RateShare.class);

    private final String topic;
    private final double clusterRate;
    private final double ownRate;
    private final RateLimit gate;
    private final ScheduledExecutorService scheduler;
    private ScheduledFuture<?> raise;

    /**
     * @param ownRate   {@code ingest.rate}, 0 for none
     * @param scheduler where a raised share waits out its window
     */
    RateShare(String topic, double clusterRate, double ownRate, RateLimit gate, ScheduledExecutorService scheduler) {
        this.topic = topic;
        this.clusterRate = clusterRate;
        this.ownRate = ownRate;
        this.gate = gate;
        this.scheduler = scheduler;
        gate.limitTo(0);
    }

    /** The starts per second this worker may make now. */
    double rate() {
        return gate.rate();
    }

    @Override
    public synchronized void held(int held, int partitions) {
        double share = partitions == 0 ? 0 : clusterRate * held / partitions;
        double rate = ownRate > 0 ? Math.min(ownRate, share) : share;
        if (raise != null) {
            raise.cancel(false);
            raise = null;
        }
        boolean raised = rate > gate.rate();
        long windowNanos = raised ? gate.windowNanos(clusterRate / partitions) : 0;
        LOG.info("ingest.cluster.rate={}: this worker holds {} of the {} partitions of {}: {} starts a second{}",
                clusterRate, held, partitions, topic, rate,
                raised ? " in " + TimeUnit.NANOSECONDS.toMillis(windowNanos) + " ms" : "");
        if (raised) {
            raise = scheduler.schedule(() -> gate.limitTo(rate), windowNanos, TimeUnit.NANOSECONDS);
        } else {
            gate.limitTo(rate);
        }
    }
}
