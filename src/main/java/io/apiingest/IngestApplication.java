package io.apiingest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.apiingest.intake.BatchModeRoute;
import org.apache.camel.main.Main;

/**
 * Starts api-ingest. Arguments {@code --ingest.KEY=VALUE} override application.properties; the rest go to
 * Camel Main.
 */
public final class IngestApplication {

    private IngestApplication() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args));
    }

    static int run(String[] args) throws Exception {
        Main main = new Main();
        main.configure().addConfiguration(new IngestConfiguration());
        // the files next to the app win, so users edit them without a rebuild; the jar carries copies
        main.setPropertyPlaceholderLocations(Files.isRegularFile(Path.of("application.properties"))
                ? "file:application.properties" : "classpath:application.properties");
        main.configure().setRoutesIncludePattern(Files.isDirectory(Path.of("routes"))
                ? "file:routes/*.yaml" : "classpath:routes/*.yaml");
        main.bind(BatchModeRoute.COMPLETION, (Runnable) main::completed);
        List<String> camelArgs = new ArrayList<>();
        for (String arg : args) {
            if (arg.startsWith("--ingest.")) {
                int eq = arg.indexOf('=');
                String key = arg.substring(2, eq < 0 ? arg.length() : eq);
                main.addOverrideProperty(key, eq < 0 ? "true" : arg.substring(eq + 1));
            } else {
                camelArgs.add(arg);
            }
        }
        try {
            int code = main.run(camelArgs.toArray(String[]::new));
            return code;
        } catch (Exception e) {
            InvalidSettingException bad = findCause(e);
            if (bad == null) {
                throw e;
            }
            System.err.println("api-ingest: " + bad.getMessage());
            return 2;
        }
    }

    private static InvalidSettingException findCause(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof InvalidSettingException bad) {
                return bad;
            }
        }
        return null;
    }
}
