package io.apiingest.fetch;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.databind.util.RawValue;

/**
 * The {@code body} of a success record: the JSON value when the body is JSON, otherwise the body as a JSON string.
 * JSON is parsed once: one line of ASCII (most API answers) is checked by the streaming parser and copied as it
 * came; anything else is read into a tree and written out again, on one line.
 *
 * <p>A body is parsed when its Content-Type says JSON or says nothing; under another Content-Type (many APIs
 * label JSON {@code text/plain}) only when it looks like a JSON object or array, so that the text {@code 123}
 * served as {@code text/plain} stays the string "123".
 */
public final class ResponseBody {

    private final ObjectReader reader;
    private final JsonFactory factory;

    public ResponseBody(ObjectMapper mapper) {
        this.reader = ResponseItems.exactNumbers(mapper).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.factory = mapper.getFactory();
    }

    /**
     * The body as a tree, for pagination to read its next link, cursor, items or flags; a body kept as it came is
     * parsed here, and only for a paginator that reads the body.
     */
    public JsonNode tree(JsonSerializable body) {
        if (body instanceof JsonNode node) {
            return node;
        }
        if (body instanceof RawValue raw) {
            try {
                return reader.readTree(String.valueOf(raw.rawValue()));
            } catch (IOException notJson) {
                return null;
            }
        }
        return null;
    }

    /** The body as the record will write it: JSON as it came (or parsed, then written), anything else a string. */
    public JsonSerializable toJson(byte[] body, String contentType) {
        if (body == null || body.length == 0) {
            return TextNode.valueOf("");
        }
        Charset charset = charsetOf(contentType);
        if (worthParsing(body, contentType)) {
            int start = 0;
            int end = body.length;
            while (start < end && isWhiteSpace(body[start])) {
                start++;
            }
            while (end > start && isWhiteSpace(body[end - 1])) {
                end--;
            }
            if (StandardCharsets.UTF_8.equals(charset) && isOneLineOfAscii(body, start, end)) {
                // the usual API answer: checked token by token and written as it came (white space around it
                // trimmed), without building a tree only to write it out again
                return isOneJsonValue(body, start, end)
                        ? new RawValue(new String(body, start, end - start, StandardCharsets.ISO_8859_1))
                        : TextNode.valueOf(new String(body, StandardCharsets.ISO_8859_1));
            }
            try {
                // Jackson detects the UTF encodings itself; any other declared charset is decoded first
                JsonNode node = charset.name().startsWith("UTF-") ? reader.readTree(body)
                        : reader.readTree(new String(body, charset));
                if (node != null && !node.isMissingNode()) {
                    return node;
                }
            } catch (IOException notJson) {
                // falls through: kept as text
            }
        }
        return TextNode.valueOf(new String(body, charset));
    }

    /**
     * ASCII without line breaks can go into a JSON line as it is: nothing to decode, nothing that would split the
     * record. (Inside a JSON string a line break is always escaped; between tokens, it is white space we must not
     * copy.)
     */
    private static boolean isOneLineOfAscii(byte[] body, int start, int end) {
        for (int i = start; i < end; i++) {
            byte b = body[i];
            if (b < 0 || b == '\n' || b == '\r') {
                return false;
            }
        }
        return true;
    }

    private static boolean isWhiteSpace(byte b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }

    /** Exactly one JSON value, well-formed to the last token, and nothing after it. */
    private boolean isOneJsonValue(byte[] body, int start, int end) {
        try (JsonParser parser = factory.createParser(body, start, end - start)) {
            if (parser.nextToken() == null) {
                return false;
            }
            parser.skipChildren(); // reads every token of an object or array up to its end
            return parser.nextToken() == null;
        } catch (IOException notJson) {
            return false;
        }
    }

    private static boolean worthParsing(byte[] body, String contentType) {
        if (contentType == null || contentType.toLowerCase(Locale.ROOT).contains("json")) {
            return true;
        }
        for (byte b : body) {
            if (b == '{' || b == '[') {
                return true;
            }
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t' && (b & 0xFF) != 0xEF && (b & 0xFF) != 0xBB
                    && (b & 0xFF) != 0xBF) {
                return false;
            }
        }
        return false;
    }

    static Charset charsetOf(String contentType) {
        if (contentType != null) {
            int at = contentType.toLowerCase(Locale.ROOT).indexOf("charset=");
            if (at >= 0) {
                int end = at + 8;
                while (end < contentType.length() && ";, ".indexOf(contentType.charAt(end)) < 0) {
                    end++;
                }
                // no regex: this runs for every response that names its charset
                String name = contentType.substring(at + 8, end).replace("\"", "").trim();
                try {
                    return Charset.forName(name);
                } catch (RuntimeException unknown) {
                    // an unknown charset name: UTF-8 is the best guess
                }
            }
        }
        return StandardCharsets.UTF_8;
    }
}
