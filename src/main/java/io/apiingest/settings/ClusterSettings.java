package io.apiingest.settings;

/**
 * Where the stages run: all in this process ({@code local}), or over Kafka topics, one intake and N fetch workers
 * (README, "Scaling out").
 *
 * @param mode             {@code ingest.mode}
 * @param brokers          {@code ingest.kafka.brokers}: the bootstrap servers, host:port[,host:port]
 * @param requestsTopic    {@code ingest.kafka.requests-topic}: one message per request, keyed by file and line
 * @param resultsTopic     {@code ingest.kafka.results-topic}: the workers' records and page ends, to the intake
 * @param groupId          {@code ingest.kafka.group-id}: the workers' consumer group
 * @param maxInFlightLines {@code ingest.kafka.max-in-flight-lines}: lines published and not yet recorded, at most
 * @param rate             {@code ingest.cluster.rate}: request starts per second of all workers together, 0 for none
 */
public record ClusterSettings(Mode mode, String brokers, String requestsTopic, String resultsTopic, String groupId,
                              int maxInFlightLines, double rate) {

    /** {@code ingest.mode}. */
    public enum Mode {
        /** Intake, fetch and output in this process, no Kafka: the default. */
        LOCAL,
        /** Reads the inbox, publishes requests, records what the workers publish. */
        INTAKE,
        /** Fetches the requests of its share of the topic's partitions, publishes records. */
        WORKER,
        /** Intake and a worker in one process, over Kafka. */
        ALL;

        /** Whether this process reads the inbox and writes the outbox. */
        public boolean takesFiles() {
            return this != WORKER;
        }

        /** Whether this process sends HTTP requests. */
        public boolean fetches() {
            return this != INTAKE;
        }

        /** Whether requests and records cross Kafka topics. */
        public boolean overKafka() {
            return this != LOCAL;
        }
    }
}
