package io.apiingest.output;

import java.io.IOException;
import java.nio.file.Files;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.apiingest.flow.BeanNames;
import io.apiingest.flow.FileDeadlines;
import io.apiingest.flow.OriginTally;
import io.apiingest.metrics.IngestMetrics;
import io.apiingest.settings.IngestSettings;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The output stage's beans: the outbox (bean {@code outbox}, for the intake route) and the collect step. */
public final class OutputConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(OutputConfiguration.class);

    private OutputConfiguration() {
    }

    public static Outbox configure(CamelContext context, IngestSettings settings, ObjectMapper json,
            IngestMetrics metrics, FileDeadlines deadlines, OriginTally origins) {
        try {
            Files.createDirectories(settings.outbox());
        } catch (IOException e) {
            // outbox trouble is handled per file (kept in the inbox, tried again): the app still starts
            LOG.error("ingest.outbox: cannot create folder {}: {}. Files stay in the inbox until it can be written.",
                    settings.outbox(), e.toString());
        }
        Outbox outbox = new Outbox(settings.outbox(), settings.batchSize(), json, metrics, settings.once(),
                deadlines, origins);
        if (settings.cluster().mode().overKafka()) {
            outbox.recordsComeFromElsewhere();
        }
        context.getRegistry().bind(BeanNames.OUTBOX, outbox);
        context.getRegistry().bind(BeanNames.COLLECT, new Collect(outbox));
        return outbox;
    }
}
