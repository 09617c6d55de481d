package io.apiingest;

import java.io.IOException;
import java.nio.file.Files;
import java.lang.reflect.Method;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.apiingest.demo.DemoApi;
import io.apiingest.fetch.FetchOutcomes;
import io.apiingest.fetch.FetchRoutes;
import io.apiingest.fetch.HttpAttempt;
import io.apiingest.fetch.HttpClientTuning;
import io.apiingest.fetch.IngestHttpComponent;
import io.apiingest.fetch.RequestGate;
import io.apiingest.fetch.ResponseBody;
import io.apiingest.fetch.RetryConfiguration;
import io.apiingest.fetch.RetryPolicy;
import io.apiingest.intake.BatchModeRoute;
import io.apiingest.intake.Inbox;
import io.apiingest.intake.InputLines;
import io.apiingest.intake.StopSignal;
import io.apiingest.intake.TextFileCheck;
import io.apiingest.metrics.IngestMetrics;
import io.apiingest.metrics.ProgressLog;
import io.apiingest.output.Collect;
import io.apiingest.output.FileSummary;
import io.apiingest.output.Outbox;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.util.concurrent.SizedScheduledExecutorService;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;
import org.apache.camel.builder.ThreadPoolBuilder;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.component.micrometer.MicrometerUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where beans are made: reads and validates the settings, then builds the thread pools, the HTTP
 * client, the beans the YAML routes call by name, and the Java routes.
 */
public class IngestConfiguration implements CamelConfiguration {

    /** Bean name of the split's thread pool, used by routes/ingest.yaml. */
    public static final String FETCH_POOL = "fetchPool";
    private static final Logger LOG = LoggerFactory.getLogger(IngestConfiguration.class);

    private Inbox inbox;
    private Outbox outbox;
    private boolean batchMode;

    @Override
    public void configure(CamelContext context) throws Exception {
        IngestSettings settings = IngestSettings.from(context.getPropertiesComponent());
        context.getRegistry().bind("ingestSettings", settings);
        batchMode = settings.once();
        createFolders(settings);
        // metrics off (port 0): meters that record nothing, rather than quantiles per request that nobody reads
        IngestMetrics metrics = new IngestMetrics(settings.metricsPort() > 0 ? meterRegistry(context)
                : new CompositeMeterRegistry());
        boolean virtual = settings.threads().useVirtual();
        LOG.info("Fetching on {} threads (ingest.threads={}, Java {}), concurrency {}",
                virtual ? "virtual" : "platform", settings.threads().name().toLowerCase(Locale.ROOT),
                Runtime.version().feature(), settings.concurrency());

        // Sized to the concurrency: each thread carries one attempt at a time. Camel's splitter hands a pool
        // one line at a time, so the queue stays short; CallerRuns is a safety net, not a path we expect. The
        // bounded queue is also what keeps the split from reading the whole file ahead, virtual threads or not.
        ExecutorService fetchPool = new ThreadPoolBuilder(context)
                .poolSize(settings.concurrency()).maxPoolSize(settings.concurrency())
                .maxQueueSize(settings.concurrency()).rejectedPolicy(ThreadPoolRejectedPolicy.CallerRuns)
                .build(this, "fetch");
        if (virtual) {
            ((ThreadPoolExecutor) fetchPool).setThreadFactory(virtualThreads("fetch-"));
        }
        context.getRegistry().bind(FETCH_POOL, fetchPool);

        StopSignal stop = new StopSignal();
        context.getManagementStrategy().addEventNotifier(stop);
        ScheduledExecutorService retryScheduler = context.getExecutorServiceManager()
                .newScheduledThreadPool(this, "retry", settings.concurrency());
        if (virtual && retryScheduler instanceof SizedScheduledExecutorService sized) {
            // a retry runs its attempt on the scheduler's thread: as cheap as the fetch threads
            sized.getScheduledThreadPoolExecutor().setThreadFactory(virtualThreads("retry-"));
        }
        context.getRegistry().bind(RetryConfiguration.SCHEDULER, retryScheduler);
        // a stop does not wait out backoffs and Retry-After: the waiting retries end now, unrecorded
        stop.onRaise(() -> runWaitingTasksNow(retryScheduler));
        context.getShutdownStrategy().setTimeout(settings.shutdownTimeoutMs());
        context.getShutdownStrategy().setTimeUnit(TimeUnit.MILLISECONDS);

        ObjectMapper json = new ObjectMapper();
        outbox = new Outbox(settings.outbox(), settings.batchSize(), json, metrics, settings.once());
        context.getRegistry().bind("outbox", outbox);
        context.getRegistry().bind("textFileCheck", new TextFileCheck());
        context.getRegistry().bind("inputLines", new InputLines(outbox, stop));
        inbox = new Inbox(settings, stop, metrics);
        context.getRegistry().bind("inbox", inbox);

        RetryPolicy retryPolicy = new RetryPolicy(settings.retryMax(), settings.retryDelayMs(),
                settings.retryMaxDelayMs());
        FetchOutcomes outcomes = new FetchOutcomes(new ResponseBody(json), stop, metrics);
        RequestGate gate = new RequestGate(settings.concurrency(), settings.rate(), metrics::throttled);
        metrics.gauge("ingest.requests.in.flight", "HTTP attempts holding a concurrency slot", gate,
                RequestGate::inFlight);
        context.getRegistry().bind("requestGate", gate);
        HttpComponent http = new IngestHttpComponent();
        context.addComponent("http", http);
        new HttpClientTuning(settings, gate, stop).applyTo(http);
        Collect collect = new Collect(outbox);
        context.addRoutes(new RetryConfiguration(retryPolicy, outcomes, collect));
        context.addRoutes(new FetchRoutes(gate,
                new HttpAttempt(retryPolicy, settings, Clock.systemUTC(), metrics), outcomes, collect, stop));
        if (settings.once()) {
            context.addRoutes(new BatchModeRoute(inbox, settings));
        }
        if (settings.progressIntervalS() > 0) {
            long interval = settings.progressIntervalS();
            context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "progress")
                    .scheduleAtFixedRate(new ProgressLog(outbox, interval), interval, interval, TimeUnit.SECONDS);
        }
        if (settings.demo()) {
            DemoApi demo = new DemoApi(settings.demoPort());
            context.addService(demo, true, true);
            demo.start();
            demo.dropSampleFile(settings.inbox());
        }
    }

    private static void runWaitingTasksNow(ScheduledExecutorService scheduler) {
        if (scheduler instanceof SizedScheduledExecutorService sized) {
            ScheduledThreadPoolExecutor pool = sized.getScheduledThreadPoolExecutor();
            for (Runnable waiting : pool.getQueue().toArray(new Runnable[0])) {
                if (pool.remove(waiting)) {
                    pool.execute(waiting);
                }
            }
        }
    }

    /**
     * The registry camel-micrometer scrapes: its own when the metrics service is already up, else one made here
     * and bound under the name it looks for, so both end up on the same scrape.
     */
    private static MeterRegistry meterRegistry(CamelContext context) {
        MeterRegistry found = MicrometerUtils.getMeterRegistryFromCamelRegistry(context.getRegistry(),
                MicrometerConstants.METRICS_REGISTRY_NAME);
        if (found == null) {
            found = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            context.getRegistry().bind(MicrometerConstants.METRICS_REGISTRY_NAME, found);
        }
        return found;
    }

    /** Virtual threads (Java 21+) through reflection, as the build targets Java 17. */
    private static ThreadFactory virtualThreads(String prefix) {
        try {
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            Class<?> type = Class.forName("java.lang.Thread$Builder");
            builder = type.getMethod("name", String.class, long.class).invoke(builder, prefix, 1L);
            Method factory = type.getMethod("factory");
            return (ThreadFactory) factory.invoke(builder);
        } catch (ReflectiveOperationException e) {
            throw new InvalidSettingException("ingest.threads: virtual threads are not available on Java "
                    + Runtime.version().feature() + ": " + e);
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

    private static void createFolders(IngestSettings settings) {
        try {
            Files.createDirectories(settings.inbox());
        } catch (IOException e) {
            throw new InvalidSettingException("ingest.inbox: cannot create folder " + settings.inbox() + ": " + e);
        }
        try {
            Files.createDirectories(settings.outbox());
        } catch (IOException e) {
            // outbox trouble is handled per file (kept in the inbox, tried again): the app still starts
            LOG.error("ingest.outbox: cannot create folder {}: {}. Files stay in the inbox until it can be written.",
                    settings.outbox(), e.toString());
        }
    }
}
