package io.apiingest.intake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.apiingest.flow.FetchRequest;
import io.apiingest.settings.IngestSettings;
import io.apiingest.settings.InvalidSettingException;
import io.apiingest.settings.KnownKeys;
import io.apiingest.settings.PaginateSettings;
import io.apiingest.settings.RequestSettings;

/**
 * A {@code .jsonl} / {@code .ndjson} line: a request spec, one JSON object with {@code url} and optionally
 * {@code method}, {@code headers}, {@code query}, {@code body} or {@code bodyText}, {@code id}, {@code meta} and
 * {@code paginate}, the line's own pagination over {@code ingest.paginate.*}.
 *
 * <p>Read in one pass of Jackson's streaming parser: a {@code body} is cut out of the line as written (its numbers
 * exact, no tree built), and only {@code id} and {@code meta}, which the record carries, become trees. A spec that
 * is wrong comes out with its first defect, and with the url, id and meta it does have, so that its error record
 * can be joined back to the input.
 */
final class SpecLineParser {

    /**
     * Longest spec line: a spec carries its request body, and a JSON body of a few MB is common, while a URL line
     * is rarely over 8 KiB. The reader holds up to one line of this per file being read, so it is a bound on memory.
     */
    static final int MAX_LINE_BYTES = 16 * 1024 * 1024;

    static final String URL = "url";
    static final String METHOD = "method";
    static final String HEADERS = "headers";
    static final String QUERY = "query";
    static final String BODY = "body";
    static final String BODY_TEXT = "bodyText";
    static final String ID = "id";
    static final String META = "meta";
    static final String PAGINATE = "paginate";
    /** The keys in the order the unknown-key message lists them; a key's index is its bit in {@link Spec#seen}. */
    private static final List<String> KEY_ORDER = List.of(URL, METHOD, HEADERS, QUERY, BODY, BODY_TEXT, ID, META,
            PAGINATE);
    private static final KnownKeys KEYS = new KnownKeys(Set.copyOf(KEY_ORDER));
    private static final String EXAMPLE = "{\"url\": \"https://api.example.com/items/1\"}";

    /** Floats as BigDecimal with their trailing zeros, so that an id or meta value is recorded as it was written. */
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            // a key twice in meta would keep one of its values in silence
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    /** The text of the token Jackson quotes in "Unrecognized token 'sk_live_…'". */
    private static final Pattern QUOTED_TOKEN = Pattern.compile("(?<=Unrecognized token )'[^']*'");
    private static final Pattern SOURCE = Pattern.compile("\\[Source: [^\\]]*?; line: \\d+, column: (\\d+)\\]");

    private final String job;
    private final String method;
    private final RequestParts parts;
    private final PaginateSettings paginate;

    /**
     * @param method   the method of a spec that names none ({@code ingest.request.method})
     * @param paginate {@code ingest.paginate.*}: what a spec's own {@code paginate} falls back to, key by key
     */
    SpecLineParser(String job, String method, RequestParts parts, PaginateSettings paginate) {
        this.job = job;
        this.method = method;
        this.parts = parts;
        this.paginate = paginate;
    }

    FetchRequest parse(TextLine line) {
        if (line.defect() != null) {
            // the line cut short may hold a header's secret: it is not shown
            return FetchRequest.unusable(job, line.line(), null, line.defect());
        }
        Spec spec = new Spec(line.text(), paginate);
        spec.read();
        String chosen = spec.method == null ? method : spec.method;
        if (spec.defect != null) {
            String shown = spec.shown != null ? spec.shown
                    : spec.url == null ? null : RequestUrl.masked(RequestParts.withQuery(spec.url, query(spec)));
            return new FetchRequest(job, line.line(), chosen, null, shown, Map.of(), null, spec.id, spec.meta,
                    spec.defect);
        }
        RequestBody body = spec.body != null ? RequestBody.json(spec.body)
                : spec.bodyText != null ? RequestBody.text(spec.bodyText) : null;
        FetchRequest request = parts.request(job, line.line(), chosen, spec.url, query(spec),
                spec.headers == null ? Map.of() : spec.headers, body, spec.id, spec.meta);
        return spec.paginate == null ? request : request.paginatedBy(spec.paginate);
    }

    /**
     * Jackson's message with its column, without a location that names no source but says it is hidden, and
     * without the text of the token it quotes: an unquoted value is as likely an API key as a typo.
     */
    static String message(JsonProcessingException e) {
        String message = QUOTED_TOKEN.matcher(SOURCE.matcher(e.getOriginalMessage()).replaceAll("column $1"))
                .replaceAll("(not shown)");
        return e.getLocation() == null ? message : message + " (column " + e.getLocation().getColumnNr() + ")";
    }

    private static String query(Spec spec) {
        return spec.query == null ? null : spec.query.toString();
    }

    /** What one line says, read key by key; a key's value is checked as it is read. */
    private static final class Spec {

        private final String text;
        /** {@code ingest.paginate.*}: what the line's own pagination falls back to. */
        private final PaginateSettings settingsPaginate;
        private String url;
        private String method;
        private Map<String, String> headers;
        private StringBuilder query;
        /** The body's JSON as written on the line. */
        private String body;
        private String bodyText;
        private JsonNode id;
        private JsonNode meta;
        /** The line's own pagination over the settings', or null when it gives none. */
        private PaginateSettings paginate;
        private String defect;
        /** What the record shows for a line that is no JSON object at all (then the line is likely a URL). */
        private String shown;
        private int seen;

        Spec(String text, PaginateSettings settingsPaginate) {
            this.text = text;
            this.settingsPaginate = settingsPaginate;
        }

        void read() {
            boolean started = false;
            try (JsonParser p = JSON.createParser(text)) {
                JsonToken first = p.nextToken();
                started = true;
                if (first != JsonToken.START_OBJECT) {
                    notAnObject();
                    return;
                }
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    key(key, p.nextToken(), p);
                }
                if (p.nextToken() != null) {
                    defect("not valid JSON: more after the object's closing } (column "
                            + p.currentTokenLocation().getColumnNr() + ")");
                }
            } catch (StreamReadException e) {
                if (!started) {
                    notAnObject();
                } else {
                    defect("not valid JSON: " + message(e));
                }
            } catch (MismatchedInputException e) {
                defect(e.getOriginalMessage().replace(": not allowed when `DeserializationFeature"
                        + ".FAIL_ON_READING_DUP_TREE_KEY` enabled", "").replace(" for `ObjectNode`", " in meta"));
            } catch (IOException e) {
                throw new UncheckedIOException(e); // a String is read without I/O: not expected
            }
            if (body != null && bodyText != null) {
                defect("both body and bodyText: a spec gives one of them");
            }
            if (url == null) {
                defect("no url: a spec names the URL to fetch, e.g. " + EXAMPLE);
            }
        }

        private void key(String key, JsonToken value, JsonParser p) throws IOException {
            int index = KEY_ORDER.indexOf(key);
            if (index < 0) {
                defect("unknown key '" + key + "': " + KEYS.closestTo(key).map(k -> "did you mean '" + k + "'?")
                        .orElse("a spec's keys are " + String.join(", ", KEY_ORDER)));
                p.skipChildren();
                return;
            }
            if ((seen & 1 << index) != 0) {
                defect("key '" + key + "' is given twice");
            }
            seen |= 1 << index;
            if (value == JsonToken.VALUE_NULL) {
                return; // null is as good as absent
            }
            switch (key) {
                case URL -> {
                    if (value == JsonToken.VALUE_STRING) {
                        url = p.getText().strip();
                    } else {
                        wrongType(URL, "a string", value, p);
                    }
                }
                case METHOD -> method(value, p);
                case HEADERS -> headers(value, p);
                case QUERY -> query(value, p);
                case BODY -> {
                    // cut out as written: valid JSON once the parser has gone over it
                    int start = (int) p.currentTokenLocation().getCharOffset();
                    if (value.isStructStart()) {
                        p.skipChildren();
                    } else {
                        p.finishToken();
                    }
                    body = text.substring(start, (int) p.currentLocation().getCharOffset());
                }
                case BODY_TEXT -> {
                    if (value == JsonToken.VALUE_STRING) {
                        bodyText = p.getText();
                    } else {
                        wrongType(BODY_TEXT, "a string", value, p);
                    }
                }
                case ID -> {
                    if (value == JsonToken.VALUE_STRING || value.isNumeric()) {
                        id = p.readValueAsTree();
                    } else {
                        wrongType(ID, "a string or a number", value, p);
                    }
                }
                case META -> {
                    if (value == JsonToken.START_OBJECT) {
                        meta = p.readValueAsTree();
                    } else {
                        wrongType(META, "an object", value, p);
                    }
                }
                case PAGINATE -> paginate(value, p);
            }
        }

        /** The line's own pagination: the keys of ingest.paginate.* without the prefix, checked as those are. */
        private void paginate(JsonToken value, JsonParser p) throws IOException {
            if (value != JsonToken.START_OBJECT) {
                wrongType(PAGINATE, "an object", value, p);
                return;
            }
            Map<String, String> given = new LinkedHashMap<>();
            boolean fine = true;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken setting = p.nextToken();
                if (given.containsKey(name)) {
                    defect(PAGINATE + "." + name + " is given twice");
                    p.skipChildren();
                    fine = false;
                } else if (setting == JsonToken.VALUE_STRING || setting.isNumeric()) {
                    given.put(name, p.getText());
                } else if (setting != JsonToken.VALUE_NULL) {
                    wrongType(PAGINATE + "." + name, "a string or a number", setting, p);
                    fine = false;
                }
            }
            if (!fine) {
                return;
            }
            try {
                paginate = settingsPaginate.overriddenBy(given, PAGINATE + ".");
            } catch (InvalidSettingException bad) {
                defect(bad.getMessage());
            }
        }

        private void method(JsonToken value, JsonParser p) throws IOException {
            if (value != JsonToken.VALUE_STRING) {
                wrongType(METHOD, "one of " + RequestParts.METHODS, value, p);
                return;
            }
            method = RequestSettings.method(p.getText());
            if (method == null) {
                defect("method must be one of " + RequestParts.METHODS + ", got '" + p.getText() + "'");
            }
        }

        private void headers(JsonToken value, JsonParser p) throws IOException {
            if (value != JsonToken.START_OBJECT) {
                wrongType(HEADERS, "an object of strings", value, p);
                return;
            }
            Map<String, String> read = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken headerValue = p.nextToken();
                if (headerValue != JsonToken.VALUE_STRING) {
                    wrongType("headers." + name, "a string", headerValue, p);
                    continue;
                }
                String text = p.getText();
                if (!IngestSettings.isToken(name)) {
                    defect("header name '" + name + "' is not an HTTP token (RFC 9110: letters, digits and "
                            + "!#$%&'*+-.^_`|~)");
                } else if (text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\0') >= 0) {
                    defect("header " + name + ": a value must be one line, without CR, LF or NUL");
                } else if (RequestParts.has(read, name)) {
                    defect("header " + name + " is given twice");
                } else {
                    read.put(name, text);
                }
            }
            headers = read;
        }

        private void query(JsonToken value, JsonParser p) throws IOException {
            if (value != JsonToken.START_OBJECT) {
                wrongType(QUERY, "an object of strings, numbers or booleans", value, p);
                return;
            }
            StringBuilder read = new StringBuilder();
            Set<String> names = new HashSet<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken parameter = p.nextToken();
                if (!names.add(name)) {
                    defect("query." + name + " is given twice");
                    p.skipChildren();
                    continue;
                }
                if (!parameter.isScalarValue() || parameter == JsonToken.VALUE_NULL) {
                    wrongType("query." + name, "a string, a number or a boolean", parameter, p);
                    continue;
                }
                if (!read.isEmpty()) {
                    read.append('&');
                }
                UrlTemplate.encode(name, read);
                read.append('=');
                // a number as written (1.50 stays 1.50), a boolean as true or false
                UrlTemplate.encode(p.getText(), read);
            }
            query = read;
        }

        private void wrongType(String key, String expected, JsonToken value, JsonParser p) throws IOException {
            defect(key + " must be " + expected + ", got " + kind(value));
            p.skipChildren();
        }

        private void notAnObject() {
            defect("not a JSON object: a .jsonl line is a request spec, e.g. " + EXAMPLE);
            shown = RequestUrl.masked(text.length() > 200 ? text.substring(0, 200) + "…" : text);
        }

        private void defect(String why) {
            if (defect == null) {
                defect = why;
            }
        }


        private static String kind(JsonToken value) {
            return switch (value) {
                case START_OBJECT -> "an object";
                case START_ARRAY -> "an array";
                case VALUE_STRING -> "a string";
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
                case VALUE_TRUE, VALUE_FALSE -> "a boolean";
                case VALUE_NULL -> "null";
                default -> value.toString();
            };
        }
    }
}
