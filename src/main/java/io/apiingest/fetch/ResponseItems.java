package io.apiingest.fetch;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apiingest.flow.FetchRequest;
import io.apiingest.settings.PaginateSettings;

/**
 * The items of a response, read from its live stream one at a time and handed on as they come, so that a body of
 * any size goes through in the memory of its largest item: the elements of the array at {@code ingest.items-path}
 * (Jackson's streaming parser, the rest of the document kept as the page's envelope for its paginator), or the
 * lines of an NDJSON body. Each item, and the envelope, may take {@code ingest.max-body-bytes}.
 */
final class ResponseItems {

    /** Content types of a body of JSON lines: each line is an item, whether or not ingest.items-path is set. */
    private static final List<String> NDJSON = List.of("application/x-ndjson", "application/jsonl",
            "application/jsonlines", "application/x-jsonlines", "application/json-seq");

    /** Told each item as it is read, in order; an item that is not JSON comes as {@code notJson}. */
    interface Sink {
        void item(long index, JsonNode item) throws Exception;

        void notJson(long index, String why) throws Exception;
    }

    /** What a read gave: the items, and the document without them (null for NDJSON). */
    record Read(long items, JsonNode envelope) {
    }

    /** The body breaks the rule of its kind (no array at the pointer, an item too large, not JSON): final. */
    static final class Unreadable extends Exception {
        Unreadable(String message) {
            super(message);
        }
    }

    private final ObjectMapper mapper;
    private final ObjectReader lineReader;
    private final ObjectReader trees;
    private final JsonPointer itemsPath;
    /** What messages call the items path: the setting, or a line's own. */
    private final String pathName;
    private final List<String> steps;
    private final long maxItemBytes;

    /** @param itemsPath ingest.items-path, or null: then only an NDJSON body has items */
    ResponseItems(ObjectMapper mapper, JsonPointer itemsPath, long maxItemBytes) {
        this(mapper, exactNumbers(mapper).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS), itemsPath,
                "ingest.items-path", maxItemBytes);
    }

    private ResponseItems(ObjectMapper mapper, ObjectReader lineReader, JsonPointer itemsPath, String pathName,
            long maxItemBytes) {
        this.mapper = mapper;
        this.trees = exactNumbers(mapper);
        this.lineReader = lineReader;
        this.itemsPath = itemsPath;
        this.pathName = pathName;
        this.maxItemBytes = maxItemBytes;
        this.steps = new ArrayList<>();
        for (JsonPointer at = itemsPath; at != null && !at.matches(); at = at.tail()) {
            steps.add(at.getMatchingProperty());
        }
    }

    /**
     * The items of the request's responses: these, or those at the items path of the line's own pagination (a
     * spec's {@code paginate}) when that is another.
     */
    ResponseItems of(FetchRequest request) {
        PaginateSettings own = request.paginate();
        if (own == null || Objects.equals(own.itemsPath(), itemsPath)) {
            return this;
        }
        return new ResponseItems(mapper, lineReader, own.itemsPath(), "the line's paginate.items-path",
                maxItemBytes);
    }

    /**
     * Trees whose numbers are the API's, digit for digit: a decimal as a BigDecimal of its own scale (1.50 stays
     * 1.50, 1e400 stays finite), not a double.
     */
    static ObjectReader exactNumbers(ObjectMapper mapper) {
        return mapper.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .with(JsonNodeFactory.withExactBigDecimals(true));
    }

    /** Whether a 2xx body of this type is read as items. */
    boolean hasItems(String contentType) {
        return itemsPath != null || isNdjson(contentType);
    }

    static boolean isNdjson(String contentType) {
        if (contentType == null || !contentType.regionMatches(true, 0, "application/", 0, 12)) {
            return false;
        }
        if (contentType.regionMatches(true, 12, "json", 0, 4)
                && (contentType.length() == 16 || contentType.charAt(16) == ';' || contentType.charAt(16) == ' ')) {
            return false; // application/json, the usual answer, without lower-casing it every time
        }
        String type = contentType.toLowerCase(Locale.ROOT);
        int semicolon = type.indexOf(';');
        String bare = (semicolon < 0 ? type : type.substring(0, semicolon)).strip();
        return NDJSON.contains(bare);
    }

    /**
     * Reads the body to its end, handing each item to {@code sink}. An I/O failure (a connection cut, silence
     * past ingest.timeout-ms) is thrown as it is; the items handed on before it stay handed on.
     */
    Read read(InputStream body, String contentType, Sink sink) throws IOException, Unreadable, Exception {
        if (isNdjson(contentType)) {
            return new Read(readLines(body, sink), null);
        }
        return readDocument(new Limited(body, maxItemBytes), sink);
    }

    /** The lines of an NDJSON body, one item each; read chunk by chunk, a line held only until it ends. */
    private long readLines(InputStream body, Sink sink) throws Exception {
        byte[] chunk = new byte[64 * 1024];
        ByteArrayOutputStream line = new ByteArrayOutputStream(1024);
        long[] index = {0};
        for (int n = body.read(chunk); n >= 0; n = body.read(chunk)) {
            int start = 0;
            for (int i = 0; i < n; i++) {
                if (chunk[i] == '\n') {
                    append(line, chunk, start, i - start, index[0]);
                    item(line.toByteArray(), index, sink);
                    line.reset();
                    start = i + 1;
                }
            }
            append(line, chunk, start, n - start, index[0]);
        }
        item(line.toByteArray(), index, sink); // a last line without its newline
        return index[0];
    }

    private void append(ByteArrayOutputStream line, byte[] chunk, int from, int length, long index)
            throws Unreadable {
        if (line.size() + (long) length > maxItemBytes) {
            throw new Unreadable("item " + index + " is over ingest.max-body-bytes (" + maxItemBytes + " bytes)");
        }
        line.write(chunk, from, length);
    }

    private void item(byte[] bytes, long[] index, Sink sink) throws Exception {
        if (isBlank(bytes)) {
            return;
        }
        long at = index[0]++;
        JsonNode item;
        try {
            item = lineReader.readTree(bytes);
        } catch (JsonProcessingException notJson) {
            sink.notJson(at, "item " + at + " of the NDJSON body is not JSON: " + notJson.getOriginalMessage());
            return;
        }
        sink.item(at, item);
    }

    private static boolean isBlank(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    private Read readDocument(Limited in, Sink sink) throws Exception {
        Walk walk = new Walk(sink, in);
        try (JsonParser parser = mapper.getFactory().createParser(in)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return new Read(0, null); // an empty body (a 204): a page with no items
            }
            JsonNode envelope = walk.value(parser, 0);
            if (parser.nextToken() != null) {
                throw new Unreadable("the body holds more than one JSON value");
            }
            if (!walk.found) {
                throw new Unreadable("no array at " + pathName + " " + itemsPath + " in the response");
            }
            return new Read(walk.items, envelope);
        } catch (ItemTooLarge large) {
            throw new Unreadable((walk.inItems ? "item " + walk.items : "the response outside its items")
                    + " is over ingest.max-body-bytes (" + maxItemBytes + " bytes)");
        } catch (JsonProcessingException notJson) {
            throw new Unreadable("the response is not JSON (after " + walk.items + " items): "
                    + notJson.getOriginalMessage());
        }
    }

    /** One walk through a document: the envelope is built on the way to the items, which are handed on. */
    private final class Walk {
        private final Sink sink;
        private final Limited in;
        private long items;
        private boolean found;
        private boolean inItems;

        Walk(Sink sink, Limited in) {
            this.sink = sink;
            this.in = in;
        }

        /** The value at the parser's current token, which is {@code depth} steps down the items' path. */
        JsonNode value(JsonParser parser, int depth) throws Exception {
            JsonToken token = parser.currentToken();
            if (depth == steps.size()) {
                if (token != JsonToken.START_ARRAY) {
                    return trees.readTree(parser); // not an array: the walk ends without finding it
                }
                found = true;
                inItems = true;
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    long start = parser.currentTokenLocation().getByteOffset();
                    in.startItem(start);
                    JsonNode item = trees.readTree(parser);
                    // the stream stops an item far over the limit before it is held; this, one just over it
                    if (parser.currentLocation().getByteOffset() - start > maxItemBytes) {
                        throw new ItemTooLarge();
                    }
                    sink.item(items++, item);
                }
                inItems = false;
                in.startItem(parser.currentTokenLocation().getByteOffset());
                return JsonNodeFactory.instance.arrayNode(); // the envelope keeps an empty array in its place
            }
            String step = steps.get(depth);
            if (token == JsonToken.START_OBJECT) {
                ObjectNode object = JsonNodeFactory.instance.objectNode();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    parser.nextToken();
                    object.set(name, name.equals(step) ? value(parser, depth + 1) : trees.readTree(parser));
                }
                return object;
            }
            if (token == JsonToken.START_ARRAY) {
                ArrayNode array = JsonNodeFactory.instance.arrayNode();
                int index = 0;
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(step.equals(Integer.toString(index++)) ? value(parser, depth + 1)
                            : trees.readTree(parser));
                }
                return array;
            }
            return trees.readTree(parser);
        }
    }

    /** An item, or the envelope, went over ingest.max-body-bytes. */
    private static final class ItemTooLarge extends IOException {
        ItemTooLarge() {
            super("over ingest.max-body-bytes");
        }
    }

    /**
     * The body, counting its bytes: each item may take {@code maxBytes} from where it starts (plus the parser's
     * read-ahead), so one huge item is cut before it is held.
     */
    private static final class Limited extends FilterInputStream {
        /** Jackson reads ahead by up to its buffer, 8000 bytes. */
        private static final int READ_AHEAD = 8 * 1024;
        private final long maxBytes;
        private long read;
        private long limit;

        Limited(InputStream in, long maxBytes) {
            super(in);
            this.maxBytes = maxBytes;
            this.limit = maxBytes + READ_AHEAD;
        }

        /** An item (or what follows the items) starts at this offset of the body. */
        void startItem(long offset) {
            limit = offset + maxBytes + READ_AHEAD;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0 && ++read > limit) {
                throw new ItemTooLarge();
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                read += n;
                if (read > limit) {
                    throw new ItemTooLarge();
                }
            }
            return n;
        }
    }
}
