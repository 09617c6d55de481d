package io.apiingest.intake;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code ingest.request.url-template}: a URL with {@code {name}} placeholders, filled per request with
 * percent-encoded values ({@code {value}}: a text line; {@code {column}}: a CSV column). Parsed once.
 */
final class UrlTemplate {

    private final String template;
    /** Literal text and placeholder names, alternating, starting with literal text (maybe empty). */
    private final List<String> parts;
    private final Set<String> names;

    private UrlTemplate(String template, List<String> parts, Set<String> names) {
        this.template = template;
        this.parts = parts;
        this.names = names;
    }

    /** @throws IllegalArgumentException naming the problem when a brace is not closed or a name is empty */
    static UrlTemplate parse(String template) {
        List<String> parts = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        int from = 0;
        while (true) {
            int open = template.indexOf('{', from);
            if (open < 0) {
                parts.add(template.substring(from));
                break;
            }
            int close = template.indexOf('}', open);
            if (close < 0) {
                throw new IllegalArgumentException("'{' at " + open + " is not closed with '}'");
            }
            String name = template.substring(open + 1, close).strip();
            if (name.isEmpty()) {
                throw new IllegalArgumentException("'{}' at " + open + " names no value");
            }
            parts.add(template.substring(from, open));
            parts.add(name);
            names.add(name);
            from = close + 1;
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException("it has no {placeholder}, e.g. https://api.example.com/users/{value}");
        }
        return new UrlTemplate(template, List.copyOf(parts), Set.copyOf(names));
    }

    /** The placeholder names, e.g. {@code value} or CSV column names. */
    Set<String> names() {
        return names;
    }

    /** The URL with every placeholder replaced by its value, percent-encoded (null values fill in empty). */
    String fill(Function<String, String> valueOf) {
        StringBuilder url = new StringBuilder(template.length() + 32);
        for (int i = 0; i < parts.size(); i++) {
            if (i % 2 == 0) {
                url.append(parts.get(i));
            } else {
                String value = valueOf.apply(parts.get(i));
                encode(value == null ? "" : value, url);
            }
        }
        return url.toString();
    }

    @Override
    public String toString() {
        return template;
    }

    /** RFC 3986 percent-encoding of everything but the unreserved characters: a value cannot change the URL's shape. */
    static void encode(String value, StringBuilder out) {
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
            }
        }
    }
}
