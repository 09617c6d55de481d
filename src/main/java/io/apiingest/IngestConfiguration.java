package io.apiingest;

import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.apiingest.cluster.ClusterConfiguration;
import io.apiingest.demo.DemoApi;
import io.apiingest.fetch.FetchConfiguration;
import io.apiingest.flow.FileDeadlines;
import io.apiingest.flow.OriginTally;
import io.apiingest.flow.RateLimit;
import io.apiingest.flow.StopSignal;
import io.apiingest.intake.Inbox;
import io.apiingest.intake.IntakeConfiguration;
import io.apiingest.metrics.IngestMetrics;
import io.apiingest.metrics.ObservabilityConfiguration;
import io.apiingest.output.FileSummary;
import io.apiingest.output.Outbox;
import io.apiingest.output.OutputConfiguration;
import io.apiingest.settings.AuthSettings;
import io.apiingest.settings.IngestSettings;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the stages: reads the settings once, then lets each stage's configuration make its beans, which meet
 * only through the hand-off types of {@code flow} and bean names.
 */
public class IngestConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(IngestConfiguration.class);

    private Inbox inbox;
    private Outbox outbox;
    private boolean batchMode;

    @Override
    public void configure(CamelContext context) throws Exception {
        IngestSettings settings = IngestSettings.of(context);
        batchMode = settings.once();
        LOG.info("Fetching on {} threads (ingest.threads={}, Java {}), concurrency {}",
                settings.threads().useVirtual() ? "virtual" : "platform",
                settings.threads().name().toLowerCase(Locale.ROOT), Runtime.version().feature(),
                settings.concurrency());
        if (settings.auth().type() == AuthSettings.Type.NONE
                && !settings.auth().secrets().isEmpty()) {
            LOG.warn("ingest.auth.* credentials are set, but ingest.auth.type=none: no credentials are sent");
        }
        IngestMetrics metrics = ObservabilityConfiguration.metrics(context, settings);
        StopSignal stop = new StopSignal();
        context.getManagementStrategy().addEventNotifier(stop);
        ObjectMapper json = new ObjectMapper();

        FileDeadlines deadlines = new FileDeadlines(settings.fileDeadlineS());
        OriginTally origins = new OriginTally();
        outbox = OutputConfiguration.configure(context, settings, json, metrics, deadlines, origins);
        if (settings.cluster().mode().overKafka()) {
            // before fetch: its collect step is then the worker's publisher to the results topic
            ClusterConfiguration.configure(context, settings, stop, FetchConfiguration.FETCH_POOL, origins, deadlines,
                    outbox);
        }
        inbox = IntakeConfiguration.configure(context, settings, outbox, stop, metrics);
        RateLimit gate = FetchConfiguration.configure(context, settings, stop, metrics, json, deadlines, origins);
        ClusterConfiguration.shareRate(context, settings, gate, metrics);
        ObservabilityConfiguration.progressLog(context, settings, outbox::progress);
        if (settings.demo()) {
            DemoApi demo = new DemoApi(settings.demoPort());
            context.addService(demo, true, true);
            demo.start();
            demo.dropSampleFiles(settings.inbox());
        }
    }

    /** {@code ingest.once}: the run ends by itself, with a report. */
    public boolean batchMode() {
        return batchMode;
    }

    /** The summaries of the files this run finished, for the batch-mode report. */
    public List<FileSummary> finishedThisRun() {
        return outbox == null ? List.of() : outbox.finishedThisRun();
    }

    /** Files this run could not finish (outbox trouble): batch mode then exits 1. */
    public int filesLeftUnfinished() {
        return inbox == null ? 0 : inbox.failedThisRun();
    }
}
