package io.apiingest.cluster;

import java.util.concurrent.CancellationException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.apiingest.flow.FetchRequest;
import io.apiingest.flow.IncompleteInputException;
import io.apiingest.flow.OriginTally;
import io.apiingest.flow.OutboxWriteException;
import io.apiingest.settings.ClusterSettings;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kafka.KafkaConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The intake's side of the cluster: {@code publish-requests} (each request the split hands off, keyed by its file
 * and line, once a place among ingest.kafka.max-in-flight-lines is free, and with its file's deadline) and
 * {@code results} (the workers' records and page ends, with their per-origin figures, into the ledger and the
 * sink, which drop what they already hold). Lines no worker ends by their deadline the intake ends itself
 * ({@link OverdueLines}).
 */
final class IntakeRoutes extends RouteBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(IntakeRoutes.class);
    static final String PUBLISH_ROUTE = "publish-requests";
    static final String RESULTS_ROUTE = "results";
    /** How often the intake looks for files past their deadline with lines out. */
    private static final long SWEEP_MS = 200;

    private final ClusterSettings cluster;
    private final String handoff;
    private final Messages messages;
    private final LinesInFlight linesInFlight;
    private final Processor record;
    /** Where the intake adds up the workers' requests per file and origin, for the summary. */
    private final OriginTally origins;
    /** The intake's ending of lines no worker ends by their deadline; null without ingest.file-deadline-s. */
    private final OverdueLines overdue;
    private final BooleanSupplier stopping;

    /**
     * @param record  the output stage's collect step, which the results are recorded with
     * @param overdue null without a deadline
     */
    IntakeRoutes(ClusterSettings cluster, String handoff, Messages messages, LinesInFlight linesInFlight,
            Processor record, OriginTally origins, OverdueLines overdue, BooleanSupplier stopping) {
        this.cluster = cluster;
        this.handoff = handoff;
        this.messages = messages;
        this.linesInFlight = linesInFlight;
        this.record = record;
        this.origins = origins;
        this.overdue = overdue;
        this.stopping = stopping;
    }

    @Override
    public void configure() {
        if (overdue != null) {
            ScheduledExecutorService sweeper = getContext().getExecutorServiceManager()
                    .newSingleThreadScheduledExecutor(this, "ingest-deadlines");
            sweeper.scheduleWithFixedDelay(this::sweepOverdue, SWEEP_MS, SWEEP_MS, TimeUnit.MILLISECONDS);
        }
        from(handoff).routeId(PUBLISH_ROUTE)
                .process(this::publish)
                .to(Topics.requestsOut(cluster));

        // a restarted intake rejoins within 10 s
        from(Topics.resultsIn(cluster)).routeId(RESULTS_ROUTE)
                .process(this::recordResult);
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
        Messages.Result read = messages.result(exchange.getMessage().getBody(byte[].class));
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
}
