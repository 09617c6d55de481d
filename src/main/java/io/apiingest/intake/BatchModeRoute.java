package io.apiingest.intake;

import java.io.IOException;
import java.nio.file.Files;
import java.util.stream.Stream;

import io.apiingest.settings.IngestSettings;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ingest.once=true}: once the inbox holds no file the intake would take and no file is in progress, the
 * application stops. Started only in that mode.
 */
public class BatchModeRoute extends RouteBuilder {

    /** Registry name of a Runnable that ends the application; the entry point binds Camel Main's. */
    public static final String COMPLETION = "ingestCompletion";
    private static final Logger LOG = LoggerFactory.getLogger(BatchModeRoute.class);

    private final Inbox inbox;
    private final IngestSettings settings;
    private volatile boolean stopping;
    private boolean inboxGone;

    public BatchModeRoute(Inbox inbox, IngestSettings settings) {
        this.inbox = inbox;
        this.settings = settings;
    }

    @Override
    public void configure() {
        from("timer:batch-mode?delay=20&period=20").routeId("batch-mode")
                .process(exchange -> stopWhenDrained(exchange.getContext()));
    }

    private void stopWhenDrained(CamelContext context) throws IOException {
        if (stopping || context.getInflightRepository().size("intake") > 0 || hasWaitingFiles()) {
            return;
        }
        stopping = true;
        int unfinished = inbox.failedThisRun();
        if (unfinished == 0) {
            LOG.info("Inbox {} is empty and every file is done: stopping (ingest.once=true)", settings.inbox());
        } else {
            LOG.warn("Inbox {} has nothing more for this run: stopping (ingest.once=true); {} file(s) could not be "
                    + "finished and stay in the inbox for the next run (exit code 1)", settings.inbox(), unfinished);
        }
        Runnable completion = context.getRegistry().lookupByNameAndType(COMPLETION, Runnable.class);
        if (completion == null) {
            completion = () -> context.stop();
        }
        Thread stopper = new Thread(completion, "batch-mode-stop");
        stopper.start();
    }

    /** Whether the inbox holds a file the intake would take; an inbox deleted under the run holds none. */
    boolean hasWaitingFiles() throws IOException {
        try (Stream<java.nio.file.Path> files = Files.list(settings.inbox())) {
            return files.anyMatch(inbox::isWaiting);
        } catch (java.nio.file.NoSuchFileException gone) {
            if (!inboxGone) {
                inboxGone = true;
                LOG.warn("Inbox {} is gone: nothing more to take in this run", settings.inbox());
            }
            return false;
        }
    }
}
