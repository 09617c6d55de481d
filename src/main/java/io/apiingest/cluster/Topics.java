package io.apiingest.cluster;

import io.apiingest.settings.ClusterSettings;

/**
 * The cluster's Kafka endpoints, each in one place: the requests and the results topics, bytes both ways (the
 * messages are {@link Messages}' JSON). Producers wait for every replica (acks=all); consumers poll briefly, so
 * that a stop does not wait one out, and a member that dies leaves its group within 10 s.
 */
final class Topics {

    private static final String BYTES_OUT =
            "&requestRequiredAcks=all&valueSerializer=org.apache.kafka.common.serialization.ByteArraySerializer";
    private static final String BYTES_IN =
            "&autoOffsetReset=earliest&valueDeserializer=org.apache.kafka.common.serialization.ByteArrayDeserializer"
            + "&pollTimeoutMs=200&sessionTimeoutMs=10000&heartbeatIntervalMs=2000";

    private Topics() {
    }

    /** The intake's producer of requests, keyed by file and line. */
    static String requestsOut(ClusterSettings cluster) {
        return kafka(cluster, cluster.requestsTopic(), BYTES_OUT);
    }

    /** A worker's producer of results: every result is on the broker before the worker goes on. */
    static String resultsOut(ClusterSettings cluster) {
        return kafka(cluster, cluster.resultsTopic(), BYTES_OUT);
    }

    /** The intake's consumer of results, in the group {@code GROUP.intake}. */
    static String resultsIn(ClusterSettings cluster) {
        return kafka(cluster, cluster.resultsTopic(), BYTES_IN + "&groupId=" + cluster.groupId() + ".intake"
                + "&maxPollRecords=500");
    }

    /**
     * A worker's consumer of requests: batches of at most {@code batch}, with Camel's and Kafka's own commits off
     * (both would commit a batch cut short by a stop: the worker commits its batches itself), and no limit on how
     * long a batch may take before the next poll.
     */
    static String requestsIn(ClusterSettings cluster, int batch) {
        return kafka(cluster, cluster.requestsTopic(), BYTES_IN + "&groupId=" + cluster.groupId()
                + "&batching=true&maxPollRecords=" + batch + "&maxPollIntervalMs=3600000&autoCommitEnable=false");
    }

    private static String kafka(ClusterSettings cluster, String topic, String options) {
        return "kafka:" + topic + "?brokers=" + cluster.brokers() + options;
    }
}
