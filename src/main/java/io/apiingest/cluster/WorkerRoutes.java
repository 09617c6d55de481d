package io.apiingest.cluster;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

import io.apiingest.flow.FetchRequest;
import io.apiingest.flow.FileDeadlines;
import io.apiingest.settings.ClusterSettings;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker's side of the cluster: {@code worker}, a batch of requests from its partitions at a time (at most its
 * concurrency), each fetched with its whole chain on the fetch pool. The batch's offsets are committed once every
 * request of it has published its last result, and a batch not finished is not committed: its requests are
 * fetched again, by this worker or by the one that gets their partitions.
 */
final class WorkerRoutes extends RouteBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerRoutes.class);
    static final String WORKER_ROUTE = "worker";
    private static final Duration BATCH_RETRY = Duration.ofSeconds(5);

    private final ClusterSettings cluster;
    private final String fetchInput;
    private final int concurrency;
    private final String fetchPool;
    private final Messages messages;
    private final LineEnds lineEnds;
    private final GroupMembership membership;
    /** The files' deadlines as the intake's requests tell them. */
    private final FileDeadlines deadlines;
    private final BooleanSupplier stopping;
    /** Sends a worker's requests to fetch, each in an exchange of its own. */
    private ProducerTemplate fetch;

    /** @param fetchPool the fetch stage's thread pool (bean name) */
    WorkerRoutes(ClusterSettings cluster, String fetchInput, int concurrency, String fetchPool, Messages messages,
            LineEnds lineEnds, GroupMembership membership, FileDeadlines deadlines, BooleanSupplier stopping) {
        this.cluster = cluster;
        this.fetchInput = fetchInput;
        this.concurrency = concurrency;
        this.fetchPool = fetchPool;
        this.messages = messages;
        this.lineEnds = lineEnds;
        this.membership = membership;
        this.deadlines = deadlines;
        this.stopping = stopping;
    }

    @Override
    public void configure() {
        fetch = getContext().createProducerTemplate();
        // a worker killed outright: its partitions move to the others within 10 s
        from(Topics.requestsIn(cluster, concurrency)).routeId(WORKER_ROUTE)
                .doTry()
                    .split(body()).parallelProcessing().executorService(fetchPool).stopOnException()
                        .process(this::fetchLine)
                    .end()
                    .process(this::commitBatch)
                .endDoTry()
                .doCatch(Exception.class)
                    .process(this::batchNotDone)
                .end();
    }

    /**
     * One request of the batch, fetched with its whole chain, in an exchange of its own: fetch ends a line that
     * failed for good as handled, which in the batch's exchange would end the split and skip its commit.
     */
    private void fetchLine(Exchange exchange) throws Exception {
        Exchange consumed = exchange.getMessage().getBody(Exchange.class);
        if (!membership.holds(partition(consumed))) {
            // the partition went to another worker while Camel gathered the batch: that worker fetches it
            LOG.debug("Left a request of {} to its partition's new holder", where(consumed));
            return;
        }
        Messages.Request read;
        try {
            read = messages.request(consumed.getMessage().getBody(byte[].class));
        } catch (IOException | RuntimeException notOurs) {
            // no line to tell the intake of: skipped, and committed with the batch
            LOG.warn("Skipped a message that is not a request of api-ingest, at {}: {}", where(consumed),
                    notOurs.getMessage());
            return;
        }
        FetchRequest request = read.request();
        // fetch then ends the line at the intake's deadline as it would in one process
        deadlines.told(request.job(), read.deadlineAt());
        lineEnds.begin(request.job(), request.line());
        Exchange fetched = fetch.send(fetchInput, line -> line.getMessage().setBody(request));
        if (fetched.getException() != null && !stopping.getAsBoolean()) {
            throw fetched.getException();
        }
        if (!lineEnds.awaitEnd(request.job(), request.line(), stopping)) {
            throw new CancellationException("line " + request.line() + " of " + request.job()
                    + " not finished: the worker is stopping; its request is fetched again");
        }
    }

    /** Every request of the batch has published its last result: its offsets are committed. */
    private void commitBatch(Exchange batch) {
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        offsets(batch).forEach((partition, offsets) -> {
            if (membership.holds(partition)) { // a partition given up is its new holder's to commit
                next.put(partition, new OffsetAndMetadata(offsets.getMax() + 1));
            }
        });
        membership.commit(next);
    }

    /**
     * A batch not finished: at a stop, its offsets stay uncommitted, and its requests go to the worker that gets
     * their partitions. Otherwise (the results topic refused a record) the next poll takes the batch again,
     * after a pause, so that a broker that is down is not met with a burst of repeated HTTP requests.
     */
    private void batchNotDone(Exchange batch) throws InterruptedException {
        Exception cause = batch.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (stopping.getAsBoolean()) {
            LOG.info("The worker is stopping: its batch's requests are left uncommitted, to be fetched again");
            return;
        }
        Map<TopicPartition, Long> first = new HashMap<>();
        offsets(batch).forEach((partition, offsets) -> first.put(partition, offsets.getMin()));
        LOG.error("A batch of {} requests could not be finished ({}); it is taken again in {} s", first.size(),
                cause == null ? "unknown" : cause.getMessage(), BATCH_RETRY.toSeconds());
        Thread.sleep(BATCH_RETRY.toMillis());
        membership.seek(first);
    }

    /** The offsets of a batch's requests, per partition. */
    private static Map<TopicPartition, LongSummaryStatistics> offsets(Exchange batch) {
        Map<TopicPartition, LongSummaryStatistics> offsets = new HashMap<>();
        for (Object part : batch.getMessage().getBody(List.class)) {
            Exchange consumed = (Exchange) part;
            offsets.computeIfAbsent(partition(consumed), p -> new LongSummaryStatistics())
                    .accept(consumed.getMessage().getHeader(KafkaConstants.OFFSET, Long.class));
        }
        return offsets;
    }

    private static TopicPartition partition(Exchange consumed) {
        return new TopicPartition(consumed.getMessage().getHeader(KafkaConstants.TOPIC, String.class),
                consumed.getMessage().getHeader(KafkaConstants.PARTITION, Integer.class));
    }

    private static String where(Exchange consumed) {
        return consumed.getMessage().getHeader(KafkaConstants.TOPIC) + "-"
                + consumed.getMessage().getHeader(KafkaConstants.PARTITION) + " offset "
                + consumed.getMessage().getHeader(KafkaConstants.OFFSET);
    }
}
