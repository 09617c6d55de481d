package io.apiingest.cluster;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.apiingest.flow.RateLimit;
import org.apache.camel.component.kafka.consumer.support.subcription.DefaultSubscribeAdapter;
import org.apache.camel.component.kafka.consumer.support.subcription.SubscribeAdapter;
import org.apache.camel.component.kafka.consumer.support.subcription.TopicInfo;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
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
 * holder's. Until its first partitions, a worker sends nothing.
 *
 * <p>Camel's Kafka consumer subscribes through the registry's {@value #BEAN}, which is how this hears the group's
 * assignments; other topics (the intake's results) are subscribed to as Camel does by itself.
 */
final class RateShare implements SubscribeAdapter {

    /** The registry name camel-kafka looks a {@link SubscribeAdapter} up by. */
    static final String BEAN = "subscribeAdapter";
    private static final Logger LOG = LoggerFactory.getLogger(RateShare.class);

    private final String topic;
    private final double clusterRate;
    private final double ownRate;
    private final RateLimit gate;
    private final ScheduledExecutorService scheduler;
    private final SubscribeAdapter subscribe = new DefaultSubscribeAdapter();
    private final Set<TopicPartition> held = new HashSet<>();
    private int partitions;
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

    @Override
    public void subscribe(Consumer<?, ?> consumer, ConsumerRebalanceListener camels, TopicInfo topics) {
        boolean requests = !topics.isPattern() && topics.getTopics().contains(topic);
        subscribe.subscribe(consumer, requests ? new Listener(camels, consumer) : camels, topics);
    }

    /** The starts per second this worker may make now. */
    double rate() {
        return gate.rate();
    }

    synchronized void assigned(Collection<TopicPartition> assigned, int topicPartitions) {
        partitions = topicPartitions;
        assigned.stream().filter(p -> p.topic().equals(topic)).forEach(held::add);
        shareOut();
    }

    synchronized void revoked(Collection<TopicPartition> revoked) {
        held.removeAll(revoked);
        shareOut();
    }

    private void shareOut() {
        double share = partitions == 0 ? 0 : clusterRate * held.size() / partitions;
        double rate = ownRate > 0 ? Math.min(ownRate, share) : share;
        if (raise != null) {
            raise.cancel(false);
            raise = null;
        }
        boolean raised = rate > gate.rate();
        long windowNanos = raised ? gate.windowNanos(clusterRate / partitions) : 0;
        LOG.info("ingest.cluster.rate={}: this worker holds {} of the {} partitions of {}: {} starts a second{}",
                clusterRate, held.size(), partitions, topic, rate,
                raised ? " in " + TimeUnit.NANOSECONDS.toMillis(windowNanos) + " ms" : "");
        if (raised) {
            raise = scheduler.schedule(() -> gate.limitTo(rate), windowNanos, TimeUnit.NANOSECONDS);
        } else {
            gate.limitTo(rate);
        }
    }

    /** Camel's own listener (it commits on a revoke), told first; then the share. */
    private final class Listener implements ConsumerRebalanceListener {

        private final ConsumerRebalanceListener camels;
        private final Consumer<?, ?> consumer;

        Listener(ConsumerRebalanceListener camels, Consumer<?, ?> consumer) {
            this.camels = camels;
            this.consumer = consumer;
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            camels.onPartitionsRevoked(partitions);
            revoked(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            camels.onPartitionsLost(partitions);
            revoked(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            camels.onPartitionsAssigned(partitions);
            // on the consumer's thread, as the client requires; the topic's metadata is at hand after a join
            List<PartitionInfo> all = consumer.partitionsFor(topic);
            assigned(partitions, all == null ? 0 : all.size());
        }
    }
}
