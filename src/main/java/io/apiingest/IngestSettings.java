package io.apiingest;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.apache.camel.spi.PropertiesComponent;

/**
 * Every {@code ingest.*} setting, read and validated once at start-up. Keys and defaults are documented in
 * application.properties; a bad value, or an {@code ingest.*} key that is none of them, stops start-up with a
 * message that names the key.
 */
public record IngestSettings(
        Path inbox,
        Path outbox,
        Pattern inboxIgnore,
        String handoff,
        int concurrency,
        double rate,
        int retryMax,
        long retryDelayMs,
        long retryMaxDelayMs,
        long timeoutMs,
        int batchSize,
        long maxBodyBytes,
        long shutdownTimeoutMs,
        boolean once,
        boolean demo,
        int demoPort,
        Threads threads,
        int metricsPort,
        String metricsHost,
        long progressIntervalS) {

    /** What the fetch threads are: {@code auto} picks virtual threads where the JVM has them (Java 21+). */
    public enum Threads {
        PLATFORM, VIRTUAL, AUTO;

        /** Whether this JVM can run virtual threads. */
        public static boolean virtualAvailable() {
            return Runtime.version().feature() >= 21;
        }

        /** The choice resolved against this JVM: true for virtual threads. */
        public boolean useVirtual() {
            return this == VIRTUAL || (this == AUTO && virtualAvailable());
        }
    }

    /**
     * Every key {@link #from} reads, recorded as it reads the defaults, so that the list cannot drift from the
     * reader; which is why {@link #from} reads every key whatever the others say.
     */
    public static final KnownKeys KEYS = keysRead();

    /**
     * Reads every setting from Camel's properties, after checking the {@code ingest.*} keys given there
     * (application.properties, --ingest arguments, test overrides) and as -D system properties. Environment
     * variables are not checked: INGEST_* ones may be set for other programs.
     */
    public static IngestSettings from(PropertiesComponent properties) {
        KEYS.requireKnown(properties.loadProperties(key -> key.startsWith(KnownKeys.PREFIX)).stringPropertyNames());
        KEYS.requireKnown(System.getProperties().stringPropertyNames());
        return from(properties::resolveProperty);
    }

    /** Reads every setting through {@code lookup}, without checking for unknown keys. */
    public static IngestSettings from(Function<String, Optional<String>> lookup) {
        Reader r = new Reader(lookup);
        boolean demo = r.bool("ingest.demo", false);
        IngestSettings settings = new IngestSettings(
                Path.of(r.text("ingest.inbox", "inbox")),
                Path.of(r.text("ingest.outbox", "outbox")),
                r.pattern("ingest.inbox-ignore", "[.].*|.*~|.*[.](part|tmp|swp|crdownload)"),
                r.text("ingest.handoff", "direct:fetch"),
                (int) r.whole("ingest.concurrency", 50, 1, 10_000),
                r.decimal("ingest.rate", 0, 0, 1_000_000),
                (int) r.whole("ingest.retry.max", 3, 0, 100),
                r.whole("ingest.retry.delay-ms", 500, 0, 3_600_000),
                r.whole("ingest.retry.max-delay-ms", 60_000, 0, 86_400_000),
                r.whole("ingest.timeout-ms", 30_000, 1, 86_400_000),
                (int) r.whole("ingest.batch-size", 1000, 1, 10_000_000),
                r.whole("ingest.max-body-bytes", 16L * 1024 * 1024, 1, 1L << 30),
                r.whole("ingest.shutdown-timeout-ms", 30_000, 0, 3_600_000),
                // the demo is a one-shot tour: process the sample file, then exit
                r.bool("ingest.once", false) || demo,
                demo,
                (int) r.whole("ingest.demo.port", 0, 0, 65_535),
                r.choice("ingest.threads", Threads.AUTO),
                (int) r.whole("ingest.metrics.port", 9464, 0, 65_535),
                r.text("ingest.metrics.host", "127.0.0.1"),
                r.whole("ingest.progress-interval-s", 5, 0, 86_400));
        if (settings.threads == Threads.VIRTUAL && !Threads.virtualAvailable()) {
            throw new InvalidSettingException("ingest.threads=virtual needs Java 21 or newer, this is Java "
                    + Runtime.version().feature() + "; use auto or platform");
        }
        if (settings.retryMaxDelayMs < settings.retryDelayMs) {
            throw new InvalidSettingException("ingest.retry.max-delay-ms must be at least ingest.retry.delay-ms ("
                    + settings.retryDelayMs + "), got " + settings.retryMaxDelayMs);
        }
        if (settings.inbox.toAbsolutePath().normalize().equals(settings.outbox.toAbsolutePath().normalize())) {
            throw new InvalidSettingException("ingest.outbox must not be the same folder as ingest.inbox, got "
                    + settings.outbox);
        }
        return settings;
    }

    private static KnownKeys keysRead() {
        Set<String> keys = new TreeSet<>();
        from(key -> {
            keys.add(key);
            return Optional.empty();
        });
        return new KnownKeys(keys);
    }

    /** Turns raw strings into typed values with messages a user can act on. */
    private record Reader(Function<String, Optional<String>> lookup) {

        String text(String key, String fallback) {
            String value = lookup.apply(key).map(String::trim).orElse(fallback);
            if (value.isEmpty()) {
                throw new InvalidSettingException(key + " must not be empty");
            }
            return value;
        }

        long whole(String key, long fallback, long min, long max) {
            String raw = text(key, Long.toString(fallback));
            long value;
            try {
                value = Long.parseLong(raw);
            } catch (NumberFormatException e) {
                throw new InvalidSettingException(
                        key + " must be a whole number between " + min + " and " + max + ", got '" + raw + "'");
            }
            if (value < min || value > max) {
                throw new InvalidSettingException(key + " must be between " + min + " and " + max + ", got " + value);
            }
            return value;
        }

        double decimal(String key, double fallback, double min, double max) {
            String raw = text(key, Double.toString(fallback));
            double value;
            try {
                value = Double.parseDouble(raw);
            } catch (NumberFormatException e) {
                throw new InvalidSettingException(
                        key + " must be a number between " + min + " and " + max + ", got '" + raw + "'");
            }
            if (!(value >= min && value <= max)) {
                throw new InvalidSettingException(key + " must be between " + min + " and " + max + ", got " + raw);
            }
            return value;
        }

        <E extends Enum<E>> E choice(String key, E fallback) {
            String raw = text(key, fallback.name().toLowerCase(Locale.ROOT));
            StringJoiner allowed = new StringJoiner(", ");
            for (E value : fallback.getDeclaringClass().getEnumConstants()) {
                if (value.name().equalsIgnoreCase(raw)) {
                    return value;
                }
                allowed.add(value.name().toLowerCase(Locale.ROOT));
            }
            throw new InvalidSettingException(key + " must be one of " + allowed + ", got '" + raw + "'");
        }

        boolean bool(String key, boolean fallback) {
            String raw = text(key, Boolean.toString(fallback));
            if (raw.equalsIgnoreCase("true") || raw.equalsIgnoreCase("false")) {
                return Boolean.parseBoolean(raw);
            }
            throw new InvalidSettingException(key + " must be true or false, got '" + raw + "'");
        }

        Pattern pattern(String key, String fallback) {
            String raw = text(key, fallback);
            try {
                return Pattern.compile(raw);
            } catch (PatternSyntaxException e) {
                throw new InvalidSettingException(key + " must be a regular expression, got '" + raw + "': "
                        + e.getDescription());
            }
        }
    }
}
