package io.apiingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.Test;

/**
 * The broker the cluster modes run on: {@link LocalKafka} starts a real one, and camel-kafka's kafka-clients produce
 * to it and consume from it in a consumer group of three, every message once.
 */
class LocalKafkaIT {

    private static final String TOPIC = "requests";
    private static final int PARTITIONS = 6;
    private static final int MESSAGES = 1_000;
    private static final int CONSUMERS = 3;
    private static final String GROUP = "workers";
    private static final Duration LIMIT = Duration.ofSeconds(60);

    private record Received(int consumer, String key, String value, int partition, long offset) {
    }

    @Test
    void should_deliver_1000_keyed_messages_once_each_to_a_consumer_group_of_three() throws Exception {
        assertThat(AppInfoParser.getVersion())
                .as("the kafka-clients of camel-kafka 4.18.0 (a new Camel may bring others: try them on the broker)")
                .isEqualTo("3.9.1");
        try (LocalKafka kafka = LocalKafka.start()) {
            System.out.printf("LocalKafka: broker answering on %s %d ms after its start%n", kafka.bootstrapServers(),
                    kafka.startTime().toMillis());
            kafka.createTopic(TOPIC, PARTITIONS);

            Queue<Received> received = new ConcurrentLinkedQueue<>();
            List<AtomicReference<Set<TopicPartition>>> assignments = IntStream.range(0, CONSUMERS)
                    .mapToObj(i -> new AtomicReference<Set<TopicPartition>>(Set.of())).toList();
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService threads = Executors.newFixedThreadPool(CONSUMERS);
            try {
                List<Future<?>> consumers = new ArrayList<>();
                for (int i = 0; i < CONSUMERS; i++) {
                    int consumer = i;
                    consumers.add(threads.submit(() -> consume(kafka, consumer, assignments.get(consumer), received,
                            stop)));
                }
                // no rebalance while messages flow: a partition moving between members may deliver a message twice
                // (at least once is the group's promise), which would hide a double from the broker
                await("the group's three members, each with its partitions").atMost(LIMIT).until(() -> {
                    List<Set<TopicPartition>> sets = assignments.stream().map(AtomicReference::get).toList();
                    return sets.stream().noneMatch(Set::isEmpty) && sets.stream().mapToInt(Set::size).sum()
                            == PARTITIONS && sets.stream().flatMap(Set::stream).distinct().count() == PARTITIONS;
                });

                Map<String, Integer> partitionOfKey = produce(kafka);

                await("all " + MESSAGES + " messages").atMost(LIMIT).until(() -> received.size() >= MESSAGES);
                stop.set(true);
                for (Future<?> consumer : consumers) {
                    consumer.get(30, TimeUnit.SECONDS);
                }

                Map<String, List<Received>> byKey = received.stream()
                        .collect(Collectors.groupingBy(Received::key));
                assertThat(byKey.keySet()).as("keys received").isEqualTo(partitionOfKey.keySet());
                assertThat(byKey.values()).as("every key exactly once").allSatisfy(copies -> assertThat(copies)
                        .hasSize(1));
                assertThat(received).as("every message as sent, from the partition its key was sent to")
                        .allSatisfy(message -> {
                            assertThat(message.value()).isEqualTo("request " + message.key());
                            assertThat(message.partition()).isEqualTo(partitionOfKey.get(message.key()));
                        });
                assertThat(received.stream().map(Received::partition).collect(Collectors.toSet()))
                        .as("partitions that held messages").hasSize(PARTITIONS);
                assertThat(received.stream().collect(Collectors.groupingBy(Received::partition,
                        Collectors.mapping(Received::consumer, Collectors.toSet()))).values())
                        .as("each partition read by one member").allSatisfy(readers -> assertThat(readers).hasSize(1));
            } finally {
                stop.set(true);
                threads.shutdownNow();
                threads.awaitTermination(30, TimeUnit.SECONDS);
            }
            assertBrokerHolds(kafka);
        }
    }

    /** Sends the messages with keys {@code line-1} … and returns the partition each key went to. */
    private static Map<String, Integer> produce(LocalKafka kafka) throws Exception {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
                new StringSerializer())) {
            Map<String, Future<RecordMetadata>> sent = IntStream.rangeClosed(1, MESSAGES).mapToObj(i -> "line-" + i)
                    .collect(Collectors.toMap(Function.identity(),
                            key -> producer.send(new ProducerRecord<>(TOPIC, key, "request " + key))));
            producer.flush();
            Map<String, Integer> partitionOfKey = new HashMap<>();
            for (Map.Entry<String, Future<RecordMetadata>> send : sent.entrySet()) {
                partitionOfKey.put(send.getKey(), send.getValue().get(30, TimeUnit.SECONDS).partition());
            }
            return partitionOfKey;
        }
    }

    /** One member of the group: polls until told to stop, then commits what it read. */
    private static Void consume(LocalKafka kafka, int consumer, AtomicReference<Set<TopicPartition>> assignment,
            Queue<Received> received, AtomicBoolean stop) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // members learn of a rebalance at their next heartbeat: every 3 s by default
        config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 300);
        try (KafkaConsumer<String, String> kafkaConsumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer())) {
            kafkaConsumer.subscribe(List.of(TOPIC));
            while (!stop.get()) {
                for (ConsumerRecord<String, String> message : kafkaConsumer.poll(Duration.ofMillis(100))) {
                    received.add(new Received(consumer, message.key(), message.value(), message.partition(),
                            message.offset()));
                }
                assignment.set(new HashSet<>(kafkaConsumer.assignment()));
                kafkaConsumer.commitSync();
            }
        }
        return null;
    }

    /** What the broker says it holds: the messages once each, and the group's offsets at their end. */
    private static void assertBrokerHolds(LocalKafka kafka) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            Map<TopicPartition, OffsetSpec> ends = IntStream.range(0, PARTITIONS)
                    .mapToObj(partition -> new TopicPartition(TOPIC, partition))
                    .collect(Collectors.toMap(Function.identity(), partition -> OffsetSpec.latest()));
            long written = admin.listOffsets(ends).all().get().values().stream()
                    .mapToLong(end -> end.offset()).sum();
            assertThat(written).as("messages in the topic").isEqualTo(MESSAGES);
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(GROUP)
                    .partitionsToOffsetAndMetadata().get();
            assertThat(committed.values().stream().mapToLong(OffsetAndMetadata::offset).sum())
                    .as("the group's committed offsets").isEqualTo(MESSAGES);
        }
    }
}
