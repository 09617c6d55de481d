package io.apiingest.metrics;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.apiingest.flow.FileProgress;
import io.apiingest.settings.IngestSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.component.micrometer.MicrometerUtils;

/** The observability stage's beans: the meters every stage records into, and the progress log. */
public final class ObservabilityConfiguration {

    private ObservabilityConfiguration() {
    }

    /** The application's meters; with metrics off (port 0), meters that record nothing. */
    public static IngestMetrics metrics(CamelContext context, IngestSettings settings) {
        // metrics off: meters that record nothing, rather than quantiles per request that nobody reads
        return new IngestMetrics(settings.metricsPort() > 0 ? meterRegistry(context) : new CompositeMeterRegistry());
    }

    /** Every {@code ingest.progress-interval-s}, a line per file in progress. */
    public static void progressLog(CamelContext context, IngestSettings settings,
            Supplier<List<FileProgress>> files) {
        if (settings.progressIntervalS() > 0) {
            long interval = settings.progressIntervalS();
            context.getExecutorServiceManager().newSingleThreadScheduledExecutor(ObservabilityConfiguration.class,
                    "progress").scheduleAtFixedRate(new ProgressLog(files, interval), interval, interval,
                    TimeUnit.SECONDS);
        }
    }

    /** The registry the metrics server scrapes, or null when metrics are off. */
    static MeterRegistry registry(CamelContext context) {
        return MicrometerUtils.getMeterRegistryFromCamelRegistry(context.getRegistry(),
                MicrometerConstants.METRICS_REGISTRY_NAME);
    }

    /**
     * One Prometheus registry, bound under the name camel-micrometer looks for, so that a micrometer: endpoint in
     * a user's route records into the same scrape.
     */
    private static MeterRegistry meterRegistry(CamelContext context) {
        MeterRegistry found = registry(context);
        if (found == null) {
            found = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            context.getRegistry().bind(MicrometerConstants.METRICS_REGISTRY_NAME, found);
        }
        return found;
    }
}
