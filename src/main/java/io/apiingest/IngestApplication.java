package io.apiingest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

import io.apiingest.flow.Causes;
import io.apiingest.intake.BatchModeRoute;
import io.apiingest.intake.InboxGuard;
import io.apiingest.output.BatchReport;
import io.apiingest.metrics.MetricsServer;
import io.apiingest.settings.InvalidSettingException;
import sun.misc.Signal;
import sun.misc.SignalHandler;
import org.apache.camel.main.Main;

/**
 * Starts api-ingest. Arguments {@code --ingest.KEY=VALUE} override application.properties; any other argument,
 * and any {@code ingest.*} key the app does not know, stops start-up with exit code 2.
 */
public final class IngestApplication {

    private IngestApplication() {
    }

    public static void main(String[] args) {
        int code;
        try {
            code = run(args);
        } catch (Throwable failure) {
            // exit even when threads of a half-started application are still alive
            failure.printStackTrace();
            code = 1;
        }
        System.exit(code);
    }

    static int run(String[] args) throws Exception {
        CommandLine commandLine;
        try {
            commandLine = CommandLine.parse(args);
        } catch (InvalidSettingException bad) {
            return refuse(bad);
        }
        if (commandLine.help()) {
            System.out.print(CommandLine.USAGE);
            return 0;
        }
        Main main = new Main();
        IngestConfiguration configuration = new IngestConfiguration();
        main.configure().addConfiguration(configuration);
        // the files next to the app win, so users edit them without a rebuild; the jar carries copies
        main.setPropertyPlaceholderLocations(Files.isRegularFile(Path.of("application.properties"))
                ? "file:application.properties" : "classpath:application.properties");
        main.configure().setRoutesIncludePattern(Files.isDirectory(Path.of("routes"))
                // the jar's own route by name: a wildcard on the classpath would read through the whole jar
                ? "file:routes/*.yaml" : "classpath:routes/ingest.yaml");
        main.bind(BatchModeRoute.COMPLETION, (Runnable) main::completed);
        commandLine.settings().forEach(main::addOverrideProperty);
        // one instance per inbox: checked first, so that a second instance says so rather than "port in use"
        main.addMainListener(new InboxGuard());
        // the settings are read before Camel sets up its servers, so that a bad one stops start-up with its message
        main.addMainListener(new MetricsServer());
        stopGracefullyOnSignals(main);
        try {
            int code = main.run(new String[0]);
            if (configuration.batchMode()) {
                System.out.print(BatchReport.of(configuration.finishedThisRun()));
            }
            return code == 0 && configuration.filesLeftUnfinished() > 0 ? 1 : code;
        } catch (Exception e) {
            InvalidSettingException bad = Causes.first(e, InvalidSettingException.class);
            if (bad != null) {
                return refuse(bad);
            }
            throw e;
        }
    }

    private static int refuse(InvalidSettingException bad) {
        System.err.println("api-ingest: " + bad.getMessage());
        return 2;
    }

    /**
     * SIGTERM and Ctrl-C end the run the way the end of batch mode does: no new files or lines, in-flight
     * requests finish (within ingest.shutdown-timeout-ms), records are flushed, exit code 0. A second signal
     * stops at once; what was recorded is on disk either way.
     */
    private static void stopGracefullyOnSignals(Main main) {
        AtomicBoolean stopping = new AtomicBoolean();
        SignalHandler handler = signal -> {
            if (stopping.compareAndSet(false, true)) {
                System.err.println("api-ingest: stopping (signal " + signal.getName()
                        + "); in-flight requests may finish. Signal again to stop at once.");
                main.completed();
            } else {
                Runtime.getRuntime().halt(130);
            }
        };
        Signal.handle(new Signal("TERM"), handler);
        Signal.handle(new Signal("INT"), handler);
    }

}
