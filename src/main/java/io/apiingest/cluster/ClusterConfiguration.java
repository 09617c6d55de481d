package io.apiingest.cluster;

import io.apiingest.flow.RateLimit;
import io.apiingest.flow.BeanNames;
import io.apiingest.flow.FileDeadlines;
import io.apiingest.flow.Ledger;
import io.apiingest.flow.OriginTally;
import io.apiingest.flow.StopSignal;
import io.apiingest.metrics.IngestMetrics;
import io.apiingest.settings.ClusterSettings;
import io.apiingest.settings.IngestSettings;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster stage's beans and routes, for {@code ingest.mode} intake, worker and all: Kafka between the intake
 * and the fetch workers. In a worker, the collect step publishes to the results topic; in the intake, the output
 * stage's collect step records what comes back.
 */
public final class ClusterConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterConfiguration.class);

    private ClusterConfiguration() {
    }

    /** Beyond ingest.timeout-ms, time for a worker's last records to reach the intake before it ends the lines. */
    private static final long DEADLINE_TRANSIT_MS = 1_000;

    /**
     * @param fetchPool the fetch stage's thread pool (bean name): a worker's batch is fetched on it
     * @param origins   what fetch counts per file and origin, and the summary takes from
     * @param deadlines the files' deadlines, which the output starts and fetch keeps to
     * @param ledger    the output's ledger, which the intake ends overdue lines in
     */
    public static void configure(CamelContext context, IngestSettings settings, StopSignal stop, String fetchPool,
            OriginTally origins, FileDeadlines deadlines, Ledger ledger) throws Exception {
        ClusterSettings cluster = settings.cluster();
        Messages messages = new Messages();
        LineEnds lineEnds = new LineEnds();
        LinesInFlight linesInFlight = new LinesInFlight(cluster.maxInFlightLines());
        // the output stage's collect step records the results the intake consumes; fetch's goes to Kafka
        Processor record = context.getRegistry().lookupByNameAndType(BeanNames.COLLECT, Processor.class);
        GroupMembership membership = new GroupMembership(cluster.requestsTopic());
        OverdueLines overdue = cluster.mode().takesFiles() && deadlines.enabled()
                ? new OverdueLines(deadlines, ledger, linesInFlight, settings.paginate(),
                        settings.timeoutMs() + DEADLINE_TRANSIT_MS)
                : null;
        if (cluster.mode().fetches()) {
            context.getRegistry().bind(GroupMembership.BEAN, membership);
            // the registry keeps a bean per name and type: the output's step must go, not only be shadowed
            context.getRegistry().unbind(BeanNames.COLLECT);
            context.getRegistry().bind(BeanNames.COLLECT, new ResultPublisher(messages,
                    context.createProducerTemplate(), context.getEndpoint(Topics.resultsOut(cluster)),
                    lineEnds, origins));
        }
        if (cluster.mode().takesFiles()) {
            context.addRoutes(new IntakeRoutes(cluster, settings.handoff(), messages, linesInFlight, record, origins,
                    overdue, stop::isSet));
        }
        if (cluster.mode().fetches()) {
            context.addRoutes(new WorkerRoutes(cluster, settings.fetchInput(), settings.concurrency(), fetchPool,
                    messages, lineEnds, membership, deadlines, stop::isSet));
        }
        LOG.info("ingest.mode={}: Kafka at {}, requests on {}, results on {}{}",
                cluster.mode().name().toLowerCase(java.util.Locale.ROOT), cluster.brokers(), cluster.requestsTopic(),
                cluster.resultsTopic(), cluster.mode().fetches() ? ", workers' group " + cluster.groupId() : "");
    }

    /**
     * {@code ingest.cluster.rate} on the fetch stage's gate: a worker's share of it follows the partitions it holds
     * ({@link RateShare}); in local mode, with no cluster to share it, it is a limit of this process like
     * {@code ingest.rate}. Called once fetch has made its gate, before Camel starts its consumers.
     */
    public static void shareRate(CamelContext context, IngestSettings settings, RateLimit gate,
            IngestMetrics metrics) {
        ClusterSettings cluster = settings.cluster();
        if (cluster.rate() == 0 || !cluster.mode().fetches()) {
            return;
        }
        if (!cluster.mode().overKafka()) {
            gate.limitTo(settings.rate() > 0 ? Math.min(settings.rate(), cluster.rate()) : cluster.rate());
            return;
        }
        RateShare share = new RateShare(cluster.requestsTopic(), cluster.rate(), settings.rate(), gate,
                context.getExecutorServiceManager().newSingleThreadScheduledExecutor(RateShare.class, "rate-share"));
        context.getRegistry().lookupByNameAndType(GroupMembership.BEAN, GroupMembership.class).follow(share);
        metrics.gauge("ingest.cluster.rate.share", "Request starts a second this worker may make now: its share of "
                + "ingest.cluster.rate by the partitions it holds", share, RateShare::rate);
    }
}
