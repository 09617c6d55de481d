package io.apiingest;

import java.util.LinkedHashMap;
import java.util.Map;

import io.apiingest.settings.InvalidSettingException;
import io.apiingest.settings.KnownKeys;

/**
 * The arguments api-ingest takes: settings as {@code --ingest.KEY=VALUE} ({@code --ingest.KEY} alone means true),
 * or {@code --help}. Anything else stops start-up: a run that skipped an argument it did not understand would
 * look like a success to the cron job that started it.
 */
public record CommandLine(Map<String, String> settings, boolean help) {

    static final String USAGE = """
            Usage: java -jar api-ingest.jar [--ingest.KEY=VALUE ...]
            Sends the requests listed in the files dropped into the inbox folder (NAME.txt: one URL per line;
            NAME.jsonl: one request spec per line; NAME.csv: one request per row); writes the responses to the outbox.
            Settings are read from application.properties (in the working directory, else the copy in the jar);
            each can be overridden as --ingest.KEY=VALUE, e.g. --ingest.once=true --ingest.concurrency=20.
            Every setting is described in README.md, section "Settings", and in application.properties.
            """;

    public CommandLine {
        settings = Map.copyOf(settings);
    }

    public static CommandLine parse(String... args) {
        Map<String, String> settings = new LinkedHashMap<>();
        String previous = null;
        for (String arg : args) {
            if (arg.equals("--help") || arg.equals("-h")) {
                return new CommandLine(Map.of(), true);
            }
            if (!arg.startsWith("--" + KnownKeys.PREFIX)) {
                throw new InvalidSettingException("unknown argument '" + arg
                        + "': settings are given as --ingest.KEY=VALUE, with '=' and no spaces"
                        + (previous != null && !previous.contains("=") ? " (" + previous + "=" + arg + "?)" : ""));
            }
            int eq = arg.indexOf('=');
            settings.put(arg.substring(2, eq < 0 ? arg.length() : eq), eq < 0 ? "true" : arg.substring(eq + 1));
            previous = arg;
        }
        return new CommandLine(settings, false);
    }
}
