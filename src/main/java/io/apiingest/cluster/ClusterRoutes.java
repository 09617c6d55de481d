package io.apiingest.cluster;

import java.util.concurrent.CancellationException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.apiingest.flow.BeanNames;
import io.apiingest.flow.FetchRequest;
import io.apiingest.flow.FileDeadlines;
import io.apiingest.flow.IncompleteInputException;
import io.apiingest.flow.Ledger;
import io.apiingest.flow.OriginTally;
import io.apiingest.flow.OutboxWriteException;
import io.apiingest.settings.ClusterSettings;
import io.apiingest.settings.IngestSettings;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kafka.KafkaConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routes across Kafka. The intake's side: {@code publish-requests} (each request the split hands off, keyed
 * by its file and line, once a place among ingest.kafka.max-in-flight-lines is free) and {@code results} (the
 * workers' records and page ends into the ledger and the sink, which drop what they already hold). A worker's
 * side: {@code worker}, a batch of requests from its partitions at a time, each fetched with its whole chain; the
 * batch's offsets are committed once every request of it has published its last result. A request tells its
 * worker when its file's ingest.file-deadline-s passes; the intake ends the lines no worker does
 * ({@link OverdueLines}).
 */
final class ClusterRoutes extends RouteBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterRoutes.class);
    static final String PUBLISH_ROUTE = "publish-requests";
    static final String RESULTS_ROUTE = "results";
    static final String WORKER_ROUTE = "worker";
    /** Exchange property: the request a worker's exchange fetches, for the wait for its line's end. */
    private static final String REQUEST = "ingestClusterRequest";
    /** How often the intake looks for files past their deadline with lines out. */
    private static final long SWEEP_MS = 200;
    /** Beyond ingest.timeout-ms, time for a worker's last records to reach the intake before it ends the lines. */
    private static final long DEADLINE_TRANSIT_MS = 1_000;

    private final ClusterSettings cluster;
    private final String handoff;
    private final String fetchInput;
    private final int concurrency;
    private final String fetchPool;
    private final Messages messages;
    private final LinesInFlight linesInFlight;
    private final LineEnds lineEnds;
    private final Processor record;
    private final BooleanSupplier stopping;
    /** Where the intake adds up the workers' requests per file and origin, for the summary; null for none. */
    private OriginTally origins;
    /** The files' deadlines: the intake's, which its requests tell; in a worker, what they told. */
    private FileDeadlines deadlines;
    private OverdueLines overdue;

    ClusterRoutes(ClusterSettings cluster, String handoff, String fetchInput, int concurrency, String fetchPool,
            Messages messages, LinesInFlight linesInFlight, LineEnds lineEnds, Processor record,
            BooleanSupplier stopping) {
        this.cluster = cluster;
        this.handoff = handoff;
        this.fetchInput = fetchInput;
        this.concurrency = concurrency;
        this.fetchPool = fetchPool;
        this.messages = messages;
        this.linesInFlight = linesInFlight;
        this.lineEnds = lineEnds;
        this.record = record;
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
        origins = getContext().getRegistry().lookupByNameAndType(BeanNames.ORIGIN_TALLY, OriginTally.class);
        deadlines = getContext().getRegistry().lookupByNameAndType(BeanNames.FILE_DEADLINES, FileDeadlines.class);
        if (cluster.mode().takesFiles() && deadlines != null && deadlines.enabled()) {
            IngestSettings settings = IngestSettings.of(getContext());
            overdue = new OverdueLines(deadlines,
                    getContext().getRegistry().lookupByNameAndType(BeanNames.OUTBOX, Ledger.class), linesInFlight,
                    settings.paginate(), settings.timeoutMs() + DEADLINE_TRANSIT_MS);
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
            // a batch of at most as many requests as may be in flight; its offsets are committed after it
            // a worker killed outright: its partitions move to the others within 10 s
            from(kafka(cluster, cluster.requestsTopic(), BYTES_IN + "&groupId=" + cluster.groupId()
                    + "&batching=true&maxPollRecords=" + concurrency + "&pollTimeoutMs=200&maxPollIntervalMs=3600000"
                    + "&sessionTimeoutMs=10000&heartbeatIntervalMs=2000"))
                    .routeId(WORKER_ROUTE)
                    .split(body()).parallelProcessing().executorService(fetchPool).stopOnException()
                        .process(this::takeRequest)
                        .to(fetchInput)
                        .process(this::awaitLineEnd)
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
        if (origins != null) {
            // before the record: the record of a file's last line completes it, and its summary takes the figures;
            // a file not open takes none. A result the ledger drops as held still counts: its requests were sent
            origins.add(read.job(), read.origins());
        }
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

    private void takeRequest(Exchange exchange) throws Exception {
        Exchange consumed = exchange.getMessage().getBody(Exchange.class);
        Messages.Request read = messages.requestWithDeadline(consumed.getMessage().getBody(byte[].class));
        FetchRequest request = read.request();
        if (deadlines != null) {
            // fetch then ends the line at the intake's deadline as it would in one process
            deadlines.told(request.job(), read.deadlineAt());
        }
        lineEnds.begin(request.job(), request.line());
        exchange.getMessage().setBody(request);
        exchange.setProperty(REQUEST, request);
    }

    private void awaitLineEnd(Exchange exchange) throws Exception {
        FetchRequest request = exchange.getProperty(REQUEST, FetchRequest.class);
        if (!lineEnds.awaitEnd(request.job(), request.line(), stopping)) {
            throw new CancellationException("line " + request.line() + " of " + request.job()
                    + " not finished: the worker is stopping; its request is fetched again");
        }
    }
}
