package io.apiingest.intake;

import java.io.IOException;
import java.nio.file.Files;

import io.apiingest.settings.IngestSettings;
import io.apiingest.settings.InvalidSettingException;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;

/**
 * Takes the {@link InboxLock} for the application's life. A Camel Main listener, registered first, so that a
 * second instance (a cron job overlapping the last run) stops before anything else: before it opens a port that
 * the first one holds too, whose message would hide the real reason.
 */
public final class InboxGuard extends MainListenerSupport {

    private InboxLock lock;

    @Override
    public void beforeConfigure(BaseMainSupport main) {
        IngestSettings settings = IngestSettings.of(main.getCamelContext());
        if (!settings.cluster().mode().takesFiles()) {
            // a fetch worker (ingest.mode=worker) takes no files: no lock, and the intake route is left out
            main.configure().setRouteFilterExcludePattern("intake");
            return;
        }
        try {
            Files.createDirectories(settings.inbox());
        } catch (IOException e) {
            throw new InvalidSettingException("ingest.inbox: cannot create folder " + settings.inbox() + ": " + e);
        }
        lock = InboxLock.acquire(settings.inbox());
    }

    @Override
    public void afterStop(BaseMainSupport main) {
        if (lock != null) {
            lock.close();
            lock = null;
        }
    }
}
