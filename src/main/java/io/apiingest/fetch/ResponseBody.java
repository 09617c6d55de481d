package io.apiingest.fetch;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * The {@code body} of a success record: the parsed JSON value when the body is JSON, otherwise the body as a
 * JSON string.
 *
 * <p>A body is parsed when its Content-Type says JSON or says nothing; under another Content-Type (many APIs
 * label JSON {@code text/plain}) only when it looks like a JSON object or array, so that the text {@code 123}
 * served as {@code text/plain} stays the string "123".
 */
public final class ResponseBody {

    private final ObjectReader reader;

    public ResponseBody(ObjectMapper mapper) {
        this.reader = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    public JsonNode toJson(byte[] body, String contentType) {
        if (body == null || body.length == 0) {
            return TextNode.valueOf("");
        }
        Charset charset = charsetOf(contentType);
        if (worthParsing(body, contentType)) {
            try {
                // Jackson detects the UTF encodings itself; any other declared charset is decoded first
                JsonNode node = charset.name().startsWith("UTF-") ? reader.readTree(body)
                        : reader.readTree(new String(body, charset));
                if (node != null && !node.isMissingNode()) {
                    return node;
                }
            } catch (java.io.IOException notJson) {
                // falls through: kept as text
            }
        }
        return TextNode.valueOf(new String(body, charset));
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
