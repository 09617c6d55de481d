package io.apiingest.cluster;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.apiingest.flow.FetchRequest;
import io.apiingest.flow.FileDeadlines;
import io.apiingest.flow.IncompleteInputException;
import io.apiingest.flow.OriginTally;
import io.apiingest.flow.OutboxWriteException;
import io.apiingest.settings.ClusterSettings;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routes across Kafka. The intake's side: {@code publish-requests} (each request the split hands off, keyed
 * by its file and line, once a place among ingest.kafka.max-in-flight-lines is free) and {@code results} (the
 * workers' records and page ends into the ledger and the sink, which drop what they already hold). A worker's
 * side: {@code worker}, a batch of requests from its partitions at a time, each fetched with its whole chain; the
 * batch's offsets are committed once every request of it has published its last result, and a batch not finished
 * is not committed. A request tells its worker when its file's ingest.file-deadline-s passes; the intake ends the
 * lines no worker does ({@link OverdueLines}).
 */
final class ClusterRoutes extends RouteBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterRoutes.class);
    static final String PUBLISH_ROUTE = "publish-requests";
    static final String RESULTS_ROUTE = "results";
    static final String WORKER_ROUTE = "worker";
    private static final Duration BATCH_RETRY = Duration.ofSeconds(5);
    /** How often the intake looks for files past their deadline with lines out. */
    private static final long SWEEP_MS = 200;

    private final ClusterSettings cluster;
    private final String handoff;
    private final String fetchInput;
    private final int concurrency;
    private final String fetchPool;
    private final Messages messages;
    private final LinesInFlight linesInFlight;
    private final LineEnds lineEnds;
    private final GroupMembership membership;
    private final Processor record;
    private final BooleanSupplier stopping;
    /** Where the intake adds up the workers' requests per file and origin, for the summary. */
    private final OriginTally origins;
    /** The files' deadlines: the intake's, which its requests tell; in a worker, what they told. */
    private final FileDeadlines deadlines;
    /** The intake's ending of lines no worker ends by their deadline; null without ingest.file-deadline-s. */
    private final OverdueLines overdue;
    /** Sends a worker's requests to fetch, each in an exchange of its own. */
    private ProducerTemplate fetch;

    /**
     * @param record the output stage's collect step, which the intake records the results with
     * @param overdue null in a worker, or without a deadline
     */
    ClusterRoutes(ClusterSettings cluster, String handoff, String fetchInput, int concurrency, String fetchPool,
            Messages messages, LinesInFlight linesInFlight, LineEnds lineEnds, GroupMembership membership,
            Processor record, OriginTally origins, FileDeadlines deadlines, OverdueLines overdue,
            BooleanSupplier stopping) {
        this.cluster = cluster;
        this.handoff = handoff;
        this.fetchInput = fetchInput;
        this.concurrency = concurrency;
        this.fetchPool = fetchPool;
        this.messages = messages;
        this.linesInFlight = linesInFlight;
        this.lineEnds = lineEnds;
        this.membership = membership;
        this.record = record;
        this.origins = origins;
        this.deadlines = deadlines;
        this.overdue = overdue;
        this.stopping = stopping;
    }

    private static final String BYTES_OUT =
            "&requestRequiredAcks=all&valueSerializer=org.apache.kafka.common.serialization.ByteArraySerializer";
    private static final String BYTES_IN =
            "&autoOffsetReset=earliest&valueDeserializer=org.apache.kafka.common.serialization.ByteArrayDeserializer";

    /** A topic's endpoint on the cluster's brokers, with {@code options}. */
    private static String kafka(ClusterSettings cluster, String topic, String options) {
        return "kafka:" + topic + "?brokers=" + cluster.brokers() + options;
    }

    /** The results topic's producer: every result is on the broker before the worker goes on. */
    static String resultsUri(ClusterSettings cluster) {
        return kafka(cluster, cluster.resultsTopic(), BYTES_OUT);
    }

    @Override
    public void configure() {
        fetch = getContext().createProducerTemplate();
        if (overdue != null) {
            ScheduledExecutorService sweeper = getContext().getExecutorServiceManager()
                    .newSingleThreadScheduledExecutor(this, "ingest-deadlines");
            sweeper.scheduleWithFixedDelay(this::sweepOverdue, SWEEP_MS, SWEEP_MS, TimeUnit.MILLISECONDS);
        }
        if (cluster.mode().takesFiles()) {
            from(handoff).routeId(PUBLISH_ROUTE)
                    .process(this::publish)
                    .to(kafka(cluster, cluster.requestsTopic(), BYTES_OUT));

            // short polls, so that a stop does not wait out one; a restarted intake rejoins within 10 s
            from(kafka(cluster, cluster.resultsTopic(), BYTES_IN + "&groupId=" + cluster.groupId() + ".intake"
                    + "&maxPollRecords=500&pollTimeoutMs=200&sessionTimeoutMs=10000&heartbeatIntervalMs=2000"))
                    .routeId(RESULTS_ROUTE)
                    .process(this::recordResult);
        }
        if (cluster.mode().fetches()) {
            // a batch of at most as many requests as may be in flight; the route commits its offsets after it, and
            // nothing else does (Camel's and Kafka's own commits are off: both would commit an unfinished batch at
            // a stop). A worker killed outright: its partitions move to the others within 10 s
            from(kafka(cluster, cluster.requestsTopic(), BYTES_IN + "&groupId=" + cluster.groupId()
                    + "&batching=true&maxPollRecords=" + concurrency + "&pollTimeoutMs=200&maxPollIntervalMs=3600000"
                    + "&sessionTimeoutMs=10000&heartbeatIntervalMs=2000&autoCommitEnable=false"))
                    .routeId(WORKER_ROUTE)
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
    }

    private void publish(Exchange exchange) throws Exception {
        FetchRequest request = exchange.getMessage().getBody(FetchRequest.class);
        String job = request.job();
        BooleanSupplier overdueNow = () -> overdue != null && overdue.passed(job);
        if (overdueNow.getAsBoolean() || !linesInFlight.publish(request,
                () -> stopping.getAsBoolean() || overdueNow.getAsBoolean())) {
            if (stopping.getAsBoolean() || !overdueNow.getAsBoolean()) {
                throw new CancellationException("not published: the application is stopping");
            }
            // handed off after its file's deadline: ended here, untried, as local fetch would end it
            overdue.endUntried(request);
            exchange.setRouteStop(true);
            return;
        }
        exchange.getMessage().setHeader(KafkaConstants.KEY, Messages.key(job, request.line()));
        exchange.getMessage().setBody(messages.request(request, overdue == null ? null : overdue.deadlineAt(job)));
    }

    private void sweepOverdue() {
        try {
            overdue.sweep();
        } catch (RuntimeException e) {
            // a failed sweep must not end the schedule: the next one tries again
            LOG.warn("ending lines at the deadline failed: {}", e.toString());
        }
    }

    private void recordResult(Exchange exchange) throws Exception {
        Messages.Result read = messages.resultWithFigures(exchange.getMessage().getBody(byte[].class));
        Object result = read.body();
        // before the record: the record of a file's last line completes it, and its summary takes the figures;
        // a file not open takes none. A result the ledger drops as held still counts: its requests were sent
        origins.add(read.job(), read.origins());
        exchange.getMessage().setBody(result);
        try {
            record.process(exchange);
        } catch (IncompleteInputException | OutboxWriteException notNow) {
            // a file not open in this run (finished, or not yet resumed) or whose outbox fails: its line is
            // published again when the file runs, and recorded then
            LOG.debug("result not recorded: {}", notNow.getMessage());
            return;
        }
        if (LineEnds.endsLine(result)) {
            linesInFlight.recorded(read.job(), Messages.line(result));
        }
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
            read = messages.requestWithDeadline(consumed.getMessage().getBody(byte[].class));
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
