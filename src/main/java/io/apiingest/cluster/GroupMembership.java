package io.apiingest.cluster;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.camel.component.kafka.consumer.support.subcription.DefaultSubscribeAdapter;
import org.apache.camel.component.kafka.consumer.support.subcription.SubscribeAdapter;
import org.apache.camel.component.kafka.consumer.support.subcription.TopicInfo;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * A worker's place in the consumer group of the requests topic: the partitions the group gives it, told to
 * whoever follows them ({@link RateShare}), and the worker's own offset commits. Camel's Kafka consumer subscribes
 * through the registry's {@value #BEAN}, which is how this has the consumer and hears the group's assignments;
 * other topics (the intake's results) are subscribed to as Camel does by itself.
 */
final class GroupMembership implements SubscribeAdapter {

    /** The registry name camel-kafka looks a {@link SubscribeAdapter} up by. */
    static final String BEAN = "subscribeAdapter";

    /**
     * Told, on the consumer's thread, how many partitions of the requests topic this worker holds once a rebalance
     * has ended with its assignment (not at the revoke before it: until the assignment, the worker may still be
     * finishing a batch).
     */
    interface Partitions {
        void held(int held, int topicPartitions);
    }

    private final String topic;
    private final SubscribeAdapter subscribe = new DefaultSubscribeAdapter();
    private final List<Partitions> followers = new CopyOnWriteArrayList<>();
    private final Set<TopicPartition> held = ConcurrentHashMap.newKeySet();
    private volatile Consumer<?, ?> consumer;

    GroupMembership(String topic) {
        this.topic = topic;
    }

    void follow(Partitions follower) {
        followers.add(follower);
    }

    @Override
    public void subscribe(Consumer<?, ?> kafka, ConsumerRebalanceListener camels, TopicInfo topics) {
        if (topics.isPattern() || !topics.getTopics().contains(topic)) {
            subscribe.subscribe(kafka, camels, topics);
            return;
        }
        consumer = kafka;
        subscribe.subscribe(kafka, new Listener(camels, kafka), topics);
    }

    /**
     * Commits these offsets of the requests topic, and returns once the broker has them. Called from the worker
     * route while its batch's exchange is under way: the consumer's own thread waits for that exchange then, so
     * nothing else uses the consumer (which Kafka allows one thread at a time, and checks).
     */
    void commit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        if (!offsets.isEmpty()) {
            consumer.commitSync(offsets);
        }
    }

    /**
     * Whether the group gives this worker the partition now. Camel gathers a batch over several polls, so a batch
     * can hold requests of a partition that went to another worker meanwhile: that worker fetches them.
     */
    boolean holds(TopicPartition partition) {
        return held.contains(partition);
    }

    /** The next poll starts at these offsets again (a batch that could not be finished); as {@link #commit}. */
    void seek(Map<TopicPartition, Long> offsets) {
        offsets.forEach((partition, offset) -> {
            if (holds(partition)) {
                consumer.seek(partition, offset);
            }
        });
    }

    /** Camel's own listener told first, then the followers. */
    private final class Listener implements ConsumerRebalanceListener {

        private final ConsumerRebalanceListener camels;
        private final Consumer<?, ?> kafka;

        Listener(ConsumerRebalanceListener camels, Consumer<?, ?> kafka) {
            this.camels = camels;
            this.kafka = kafka;
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            camels.onPartitionsRevoked(partitions);
            held.removeAll(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            camels.onPartitionsLost(partitions);
            held.removeAll(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            camels.onPartitionsAssigned(partitions);
            held.addAll(partitions);
            // on the consumer's thread, as the client requires; the topic's metadata is at hand after a join
            List<PartitionInfo> all = kafka.partitionsFor(topic);
            followers.forEach(follower -> follower.held(held.size(), all == null ? 0 : all.size()));
        }
    }
}
