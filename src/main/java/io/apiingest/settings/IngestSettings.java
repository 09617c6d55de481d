package io.apiingest.settings;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import com.fasterxml.jackson.core.JsonPointer;
import org.apache.camel.CamelContext;
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
        long progressIntervalS,
        RequestSettings request,
        boolean retryNonIdempotent,
        AuthSettings auth,
        PaginateSettings paginate,
        long fileDeadlineS,
        PaceSettings pace,
        int maxPending,
        ClusterSettings cluster) {

    /** The endpoint the fetch route consumes: the hand-off itself, or, over Kafka, the worker's own. */
    public String fetchInput() {
        return cluster.mode().overKafka() ? "direct:worker-fetch" : handoff;
    }

    /** Registry name of the settings, once read: every later reader shares them. */
    public static final String BEAN = "ingestSettings";

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
    private static final List<String> PAGINATE_KEYS = paginateKeysRead();

    /**
     * Reads every setting from Camel's properties, after checking the {@code ingest.*} keys given there
     * (application.properties, --ingest arguments, test overrides) and as -D system properties. Environment
     * variables are not checked: INGEST_* ones may be set for other programs. A value may take its text from
     * a placeholder, {@code {{env:NAME}}} for an environment variable; one that cannot be resolved stops start-up
     * naming the setting and the variable.
     */
    public static IngestSettings from(PropertiesComponent properties) {
        Properties given = properties.loadProperties(key -> key.startsWith(KnownKeys.PREFIX));
        KEYS.requireKnown(given.stringPropertyNames());
        KEYS.requireKnown(System.getProperties().stringPropertyNames());
        ResolvedProperties lookup = new ResolvedProperties(properties, given);
        Map<String, String> headers = new TreeMap<>();
        for (String key : given.stringPropertyNames()) {
            if (key.startsWith(RequestSettings.HEADER_PREFIX)) {
                headers.put(key, lookup.apply(key).orElse(""));
            }
        }
        for (String key : System.getProperties().stringPropertyNames()) {
            if (key.startsWith(RequestSettings.HEADER_PREFIX)) {
                headers.put(key, System.getProperty(key));
            }
        }
        return from(lookup, headers);
    }

    /**
     * The settings of this application: read and checked by the first caller (the first Camel Main listener, or
     * the configuration in a test), then shared through the registry, so that every stage sees the same values.
     */
    public static IngestSettings of(CamelContext context) {
        IngestSettings read = context.getRegistry().lookupByNameAndType(BEAN, IngestSettings.class);
        if (read == null) {
            read = from(context.getPropertiesComponent());
            context.getRegistry().bind(BEAN, read);
        }
        return read;
    }

    /** Reads every setting through {@code lookup}, without checking for unknown keys or default headers. */
    public static IngestSettings from(Function<String, Optional<String>> lookup) {
        return from(lookup, Map.of());
    }

    /**
     * Reads every setting through {@code lookup}, without checking for unknown keys.
     *
     * @param headerKeys the {@code ingest.request.headers.*} keys given, with their values
     */
    public static IngestSettings from(Function<String, Optional<String>> lookup, Map<String, String> headerKeys) {
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
                r.whole("ingest.progress-interval-s", 5, 0, 86_400),
                new RequestSettings(r.method("ingest.request.method", "GET"), headers(headerKeys),
                        r.optional("ingest.request.url-template")),
                r.bool("ingest.retry.non-idempotent", false),
                auth(r),
                paginate(r),
                r.whole("ingest.file-deadline-s", 0, 0, 31_536_000),
                pace(r),
                (int) r.whole("ingest.max-pending", 10_000, 1, 10_000_000),
                cluster(r));
        if (settings.threads == Threads.VIRTUAL && !Threads.virtualAvailable()) {
            throw new InvalidSettingException("ingest.threads=virtual needs Java 21 or newer, this is Java "
                    + Runtime.version().feature() + "; use auto or platform");
        }
        if (settings.retryMaxDelayMs < settings.retryDelayMs) {
            throw new InvalidSettingException("ingest.retry.max-delay-ms must be at least ingest.retry.delay-ms ("
                    + settings.retryDelayMs + "), got " + settings.retryMaxDelayMs);
        }
        String authHeader = settings.auth.header();
        for (String header : settings.request.headers().keySet()) {
            if (header.equalsIgnoreCase(authHeader)) {
                // which would win is a guess either way, and one of them would go to every origin
                throw new InvalidSettingException(RequestSettings.HEADER_PREFIX + header + " and ingest.auth.type="
                        + settings.auth.type().name().toLowerCase(Locale.ROOT).replace('_', '-')
                        + " both set the " + authHeader + " header; keep one");
            }
        }
        if (settings.inbox.toAbsolutePath().normalize().equals(settings.outbox.toAbsolutePath().normalize())) {
            throw new InvalidSettingException("ingest.outbox must not be the same folder as ingest.inbox, got "
                    + settings.outbox);
        }
        return settings;
    }

    private static Map<String, String> headers(Map<String, String> keys) {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        keys.forEach((key, value) -> {
            String name = key.substring(RequestSettings.HEADER_PREFIX.length());
            if (!isToken(name)) {
                throw new InvalidSettingException(key + ": '" + name + "' is not a valid HTTP header name");
            }
            if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
                throw new InvalidSettingException(key + " must be one line: a header value holds no line break");
            }
            headers.put(name, value.strip());
        });
        return headers;
    }

    /** RFC 9110's token: the characters a header name may hold (also checked on each header of a .jsonl spec). */
    public static boolean isToken(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static AuthSettings auth(Reader r) {
        AuthSettings.Type type = r.choice("ingest.auth.type", AuthSettings.Type.NONE);
        String token = r.optional("ingest.auth.token");
        String username = r.optional("ingest.auth.username");
        String password = r.optional("ingest.auth.password");
        String apiKeyName = r.text("ingest.auth.api-key.name", "X-API-Key");
        AuthSettings.ApiKeyIn apiKeyIn = r.choice("ingest.auth.api-key.in", AuthSettings.ApiKeyIn.HEADER);
        String apiKeyValue = r.optional("ingest.auth.api-key.value");
        String tokenUrl = r.optional("ingest.auth.token-url");
        String clientId = r.optional("ingest.auth.client-id");
        String clientSecret = r.optional("ingest.auth.client-secret");
        String scope = r.optional("ingest.auth.scope");
        List<String> origins = r.origins("ingest.auth.origins");
        switch (type) {
            case BEARER -> r.require("ingest.auth.token", token, "ingest.auth.type=bearer");
            case BASIC -> r.require("ingest.auth.username", username, "ingest.auth.type=basic");
            case API_KEY -> {
                r.require("ingest.auth.api-key.value", apiKeyValue, "ingest.auth.type=api-key");
                if (apiKeyIn == AuthSettings.ApiKeyIn.HEADER && !isToken(apiKeyName)) {
                    throw new InvalidSettingException("ingest.auth.api-key.name: '" + apiKeyName
                            + "' is not a valid HTTP header name");
                }
            }
            case OAUTH2 -> {
                r.require("ingest.auth.token-url", tokenUrl, "ingest.auth.type=oauth2");
                r.require("ingest.auth.client-id", clientId, "ingest.auth.type=oauth2");
                r.require("ingest.auth.client-secret", clientSecret, "ingest.auth.type=oauth2");
                String scheme = tokenUrl.toLowerCase(Locale.ROOT);
                if (!scheme.startsWith("http://") && !scheme.startsWith("https://")) {
                    throw new InvalidSettingException("ingest.auth.token-url must be an http:// or https:// URL, got '"
                            + tokenUrl + "'");
                }
                int authorityEnd = tokenUrl.indexOf('/', scheme.indexOf("//") + 2);
                if (tokenUrl.substring(0, authorityEnd < 0 ? tokenUrl.length() : authorityEnd).contains("@")) {
                    // never echo it: the part before the @ is a password
                    throw new InvalidSettingException("ingest.auth.token-url must not hold user:password@; give "
                            + "the client's credentials as ingest.auth.client-id and ingest.auth.client-secret");
                }
            }
            default -> {
            }
        }
        return new AuthSettings(type, token, username, password, apiKeyName, apiKeyIn, apiKeyValue, tokenUrl,
                clientId, clientSecret, scope, origins);
    }

    private static ClusterSettings cluster(Reader r) {
        ClusterSettings.Mode mode = r.choice("ingest.mode", ClusterSettings.Mode.LOCAL);
        String brokers = r.text("ingest.kafka.brokers", "127.0.0.1:9092");
        for (String broker : brokers.split(",")) {
            int colon = broker.trim().lastIndexOf(':');
            if (colon <= 0 || !broker.trim().substring(colon + 1).matches("[0-9]{1,5}")) {
                throw new InvalidSettingException("ingest.kafka.brokers: '" + broker.trim()
                        + "' is not host:port; expected e.g. 127.0.0.1:9092,kafka2:9092");
            }
        }
        String requests = topic(r, "ingest.kafka.requests-topic", "api-ingest.requests");
        String results = topic(r, "ingest.kafka.results-topic", "api-ingest.results");
        if (requests.equals(results)) {
            throw new InvalidSettingException("ingest.kafka.results-topic must differ from ingest.kafka.requests-topic,"
                    + " both are '" + requests + "'");
        }
        String group = r.text("ingest.kafka.group-id", "api-ingest-workers");
        return new ClusterSettings(mode, brokers, requests, results, group,
                (int) r.whole("ingest.kafka.max-in-flight-lines", 10_000, 1, 10_000_000),
                r.decimal("ingest.cluster.rate", 0, 0, 1_000_000));
    }

    /** A Kafka topic name: 1-249 of letters, digits, '.', '_' and '-'. */
    private static String topic(Reader r, String key, String fallback) {
        String topic = r.text(key, fallback);
        if (!topic.matches("[A-Za-z0-9._-]{1,249}")) {
            throw new InvalidSettingException(key + ": '" + topic + "' is not a Kafka topic name (letters, digits, "
                    + "'.', '_' and '-', at most 249)");
        }
        return topic;
    }

    private static PaceSettings pace(Reader r) {
        boolean adaptive = r.bool("ingest.adaptive", true);
        int concurrency = (int) r.whole("ingest.origin.concurrency", 0, 0, 10_000);
        double rate = r.decimal("ingest.origin.rate", 0, 0, 1_000_000);
        return new PaceSettings(adaptive, concurrency, rate, originLimits(r.optional("ingest.origin.limits")));
    }

    /** An origin as a setting gives it, {@code scheme://host[:port]}, in {@link Origins} form; else it names the key. */
    static String origin(String key, String origin) {
        try {
            URI uri = new URI(origin);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            String path = uri.getRawPath();
            boolean bare = (path == null || path.isEmpty() || path.equals("/"))
                    && uri.getRawQuery() == null && uri.getRawUserInfo() == null;
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || !bare) {
                throw new URISyntaxException(origin, "not scheme://host[:port]");
            }
            return Origins.of(scheme, uri.getHost(), uri.getPort());
        } catch (URISyntaxException e) {
            throw new InvalidSettingException(key + ": '" + origin + "' is not an origin; expected "
                    + "scheme://host[:port], e.g. https://api.example.com");
        }
    }

    /**
     * {@code ingest.origin.limits}: comma-separated entries, each an origin and its limits,
     * {@code https://api.example.com rate=10 concurrency=4, http://127.0.0.1:8080 rate=2.5}.
     */
    static Map<String, PaceSettings.Limits> originLimits(String raw) {
        String key = "ingest.origin.limits";
        Map<String, PaceSettings.Limits> limits = new LinkedHashMap<>();
        if (raw == null) {
            return limits;
        }
        for (String entry : raw.split(",")) {
            String[] words = entry.strip().split("\\s+");
            if (words.length == 1 && words[0].isEmpty()) {
                continue;
            }
            String origin = origin(key, words[0]);
            if (words.length == 1) {
                throw new InvalidSettingException(key + ": '" + entry.strip() + "' gives no limit; expected e.g. "
                        + words[0] + " rate=10 concurrency=4");
            }
            int concurrency = 0;
            double rate = 0;
            for (int i = 1; i < words.length; i++) {
                String word = words[i];
                int eq = word.indexOf('=');
                String name = eq < 0 ? word : word.substring(0, eq);
                String value = eq < 0 ? "" : word.substring(eq + 1);
                try {
                    switch (name) {
                        case "rate" -> rate = Double.parseDouble(value);
                        case "concurrency" -> concurrency = Integer.parseInt(value);
                        default -> throw new InvalidSettingException(key + ": '" + word + "' for " + origin
                                + " is not a limit; expected rate=N (requests per second) or concurrency=N");
                    }
                } catch (NumberFormatException notANumber) {
                    throw new InvalidSettingException(key + ": '" + word + "' for " + origin + " is not a number");
                }
                if (!(rate >= 0 && rate <= 1_000_000) || concurrency < 0 || concurrency > 10_000) {
                    throw new InvalidSettingException(key + ": '" + word + "' for " + origin + " is out of range "
                            + "(rate 0-1000000, concurrency 0-10000)");
                }
            }
            if (limits.put(origin, new PaceSettings.Limits(concurrency, rate)) != null) {
                throw new InvalidSettingException(key + ": " + origin + " is given twice");
            }
        }
        return limits;
    }

    /** {@code ingest.paginate.*} and {@code ingest.items-path}, over the documented defaults. */
    private static PaginateSettings paginate(Reader r) {
        return paginate(r, "ingest.paginate.", "ingest.items-path", PaginateSettings.NONE);
    }

    /**
     * Pagination read under the key names {@code prefix + "type"}, … and {@code itemsKey}; a key not given keeps
     * its value in {@code base}. The settings read it over the defaults, a request's own pagination over the
     * settings ({@link PaginateSettings#overriddenBy}), so that both are checked alike.
     */
    private static PaginateSettings paginate(Reader r, String prefix, String itemsKey, PaginateSettings base) {
        PaginateSettings.Type type = r.choice(prefix + "type", base.type());
        JsonPointer nextPath = r.pointer(prefix + "next-path", base.nextPath());
        JsonPointer cursorPath = r.pointer(prefix + "cursor-path", base.cursorPath());
        String cursorParam = r.optional(prefix + "cursor-param", base.cursorParam());
        PaginateSettings.CursorIn cursorIn = r.choice(prefix + "cursor-in", base.cursorIn());
        String offsetParam = r.text(prefix + "offset-param", base.offsetParam());
        String limitParam = r.text(prefix + "limit-param", base.limitParam());
        // empty means unset: the page type then stops at a short page only when the user gave the API's page size
        boolean limitGiven = r.optional(prefix + "limit") != null;
        int limit = limitGiven ? (int) r.whole(prefix + "limit", 100, 1, 1_000_000) : base.limit();
        String pageParam = r.text(prefix + "page-param", base.pageParam());
        long pageStart = r.whole(prefix + "page-start", base.pageStart(), 0, 1_000_000_000);
        JsonPointer hasMorePath = r.pointer(prefix + "has-more-path", base.hasMorePath());
        JsonPointer totalPath = r.pointer(prefix + "total-path", base.totalPath());
        int maxPages = (int) r.whole(prefix + "max-pages", base.maxPages(), 1, 1_000_000);
        JsonPointer itemsPath = r.pointer(itemsKey, base.itemsPath());
        String because = prefix + "type=" + type.name().toLowerCase(Locale.ROOT).replace('_', '-');
        switch (type) {
            case NEXT_URL -> r.require(prefix + "next-path", nextPath, because);
            case CURSOR -> {
                r.require(prefix + "cursor-path", cursorPath, because);
                r.require(prefix + "cursor-param", cursorParam, because);
            }
            default -> {
            }
        }
        return new PaginateSettings(type, nextPath, cursorPath, cursorParam, cursorIn, offsetParam, limitParam, limit,
                limitGiven || base.limitSet(), pageParam, pageStart, hasMorePath, totalPath, maxPages, itemsPath);
    }

    /** {@link PaginateSettings#overriddenBy}: here, to read its keys as the settings' are read. */
    static PaginateSettings paginate(PaginateSettings base, Map<String, String> given, String named) {
        for (String key : given.keySet()) {
            if (!PAGINATE_KEYS.contains(key)) {
                throw new InvalidSettingException("unknown key '" + named + key + "': " + new KnownKeys(
                        Set.copyOf(PAGINATE_KEYS)).closestTo(key).map(k -> "did you mean '" + named + k + "'?")
                        .orElse("the keys are " + String.join(", ", PAGINATE_KEYS)));
            }
        }
        Reader r = new Reader(key -> Optional.ofNullable(given.get(key.substring(named.length()))));
        return paginate(r, named, named + "items-path", base);
    }

    /** The keys of a request's own pagination, in the order they are read: recorded as {@link #KEYS} is. */
    private static List<String> paginateKeysRead() {
        Set<String> keys = new LinkedHashSet<>();
        paginate(new Reader(key -> {
            keys.add(key);
            return Optional.empty();
        }), "", "items-path", PaginateSettings.NONE);
        return List.copyOf(keys);
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

        /** The value, trimmed, or null when it is not set or empty. */
        String optional(String key) {
            String value = lookup.apply(key).map(String::trim).orElse("");
            return value.isEmpty() ? null : value;
        }

        /** The value, trimmed, or {@code fallback} when it is not set or empty. */
        String optional(String key, String fallback) {
            String value = optional(key);
            return value == null ? fallback : value;
        }

        /** A JSON Pointer (RFC 6901) such as {@code /meta/next}, or {@code fallback} when not set. */
        JsonPointer pointer(String key, JsonPointer fallback) {
            String raw = optional(key);
            if (raw == null) {
                return fallback;
            }
            try {
                return JsonPointer.compile(raw);
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingException(key + " must be a JSON Pointer such as /data or /meta/next, got '"
                        + raw + "'");
            }
        }

        void require(String key, Object value, String because) {
            if (value == null) {
                throw new InvalidSettingException(key + " must be set for " + because);
            }
        }

        String method(String key, String fallback) {
            String raw = text(key, fallback);
            String method = RequestSettings.method(raw);
            if (method == null) {
                throw new InvalidSettingException(key + " must be one of " + String.join(", ", RequestSettings.METHODS)
                        + ", got '" + raw + "'");
            }
            return method;
        }

        /** Comma-separated origins, e.g. https://api.example.com, http://127.0.0.1:8080; normalised. */
        List<String> origins(String key) {
            String raw = optional(key);
            if (raw == null) {
                return List.of();
            }
            List<String> origins = new ArrayList<>();
            for (String part : raw.split(",")) {
                String origin = part.strip();
                if (origin.isEmpty()) {
                    continue;
                }
                origins.add(IngestSettings.origin(key, origin));
            }
            return origins;
        }

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
            String raw = text(key, fallback.name().toLowerCase(Locale.ROOT).replace('_', '-'));
            StringJoiner allowed = new StringJoiner(", ");
            for (E value : fallback.getDeclaringClass().getEnumConstants()) {
                String name = value.name().toLowerCase(Locale.ROOT).replace('_', '-');
                if (name.equalsIgnoreCase(raw)) {
                    return value;
                }
                allowed.add(name);
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
