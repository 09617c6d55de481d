package io.apiingest.intake;

import java.io.IOException;
import java.nio.file.Files;

import io.apiingest.flow.Ledger;
import io.apiingest.flow.StopSignal;
import io.apiingest.metrics.IngestMetrics;
import io.apiingest.settings.IngestSettings;
import io.apiingest.settings.InvalidSettingException;
import org.apache.camel.CamelContext;

/**
 * The intake stage's beans, called by name from routes/ingest.yaml: {@code textFileCheck}, {@code requestFormats},
 * {@code inputLines}, {@code inbox}, {@code inboxReadLock}; and in batch mode the route that ends the run.
 */
public final class IntakeConfiguration {

    private IntakeConfiguration() {
    }

    public static Inbox configure(CamelContext context, IngestSettings settings, Ledger ledger, StopSignal stop,
            IngestMetrics metrics) throws Exception {
        RequestFormats formats;
        try {
            formats = new RequestFormats(settings.request(), settings.paginate());
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException("ingest.request.url-template: " + e.getMessage());
        }
        String template = settings.request().urlTemplate();
        if (template != null) {
            try {
                RequestUrl.parse(UrlTemplate.parse(template).fill(name -> "1"));
            } catch (RequestUrl.NotAUrl notAUrl) {
                throw new InvalidSettingException("ingest.request.url-template must make an absolute http(s) URL, got '"
                        + template + "': " + notAUrl.getMessage());
            }
        }
        try {
            Files.createDirectories(settings.inbox());
        } catch (IOException e) {
            throw new InvalidSettingException("ingest.inbox: cannot create folder " + settings.inbox() + ": " + e);
        }
        context.getRegistry().bind("textFileCheck", new TextFileCheck());
        context.getRegistry().bind("requestFormats", formats);
        context.getRegistry().bind("inputLines", new InputLines(ledger, stop, formats));
        Inbox inbox = new Inbox(settings, stop, metrics);
        context.getRegistry().bind("inbox", inbox);
        InboxReadLock readLock = new InboxReadLock(settings.inbox());
        readLock.prepare(!settings.once() || settings.demo(), inbox::isWaiting);
        context.getRegistry().bind("inboxReadLock", readLock);
        // a fetch worker runs until stopped: it has no inbox to drain
        if (settings.once() && settings.cluster().mode().takesFiles()) {
            context.addRoutes(new BatchModeRoute(inbox, settings));
        }
        return inbox;
    }
}
