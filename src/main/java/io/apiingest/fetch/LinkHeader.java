package io.apiingest.fetch;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The target of a {@code Link} header's {@code rel="next"} (RFC 8288, section 3): several links, separated by
 * commas, each {@code <uri-reference>} with {@code ;}-separated parameters whose values may be quoted; {@code rel}
 * holds one or more space-separated relation types, compared without regard to case. Hand-written: HttpClient 5
 * has no Link parser, and splitting on commas alone breaks on a comma inside a URL or a quoted value.
 */
final class LinkHeader {

    private LinkHeader() {
    }

    /** The first next link among the header values, or null when there is none. */
    static String next(List<String> values) {
        for (String value : values) {
            for (Link link : parse(value)) {
                if (link.rels().contains("next")) {
                    return link.target();
                }
            }
        }
        return null;
    }

    record Link(String target, List<String> rels) {
    }

    static List<Link> parse(String header) {
        List<Link> links = new ArrayList<>();
        int i = 0;
        int n = header.length();
        while (i < n) {
            int open = header.indexOf('<', i);
            if (open < 0) {
                break;
            }
            int close = header.indexOf('>', open + 1);
            if (close < 0) {
                break;
            }
            String target = header.substring(open + 1, close).strip();
            List<String> rels = new ArrayList<>();
            i = close + 1;
            // parameters until the comma that ends this link (a comma inside quotes does not)
            while (i < n) {
                char c = header.charAt(i);
                if (c == ',') {
                    i++;
                    break;
                }
                if (c != ';') {
                    i++;
                    continue;
                }
                i++;
                int nameStart = i;
                while (i < n && "=;,".indexOf(header.charAt(i)) < 0) {
                    i++;
                }
                String name = header.substring(nameStart, i).strip().toLowerCase(Locale.ROOT);
                String value = "";
                if (i < n && header.charAt(i) == '=') {
                    i++;
                    while (i < n && header.charAt(i) == ' ') {
                        i++;
                    }
                    StringBuilder v = new StringBuilder();
                    if (i < n && header.charAt(i) == '"') {
                        i++;
                        while (i < n && header.charAt(i) != '"') {
                            if (header.charAt(i) == '\\' && i + 1 < n) {
                                i++;
                            }
                            v.append(header.charAt(i++));
                        }
                        i++; // the closing quote
                    } else {
                        while (i < n && header.charAt(i) != ';' && header.charAt(i) != ',') {
                            v.append(header.charAt(i++));
                        }
                    }
                    value = v.toString().strip();
                }
                if (name.equals("rel") && rels.isEmpty()) {
                    // only the first rel counts (RFC 8288, 3.3)
                    for (String rel : value.split("[ \t]+")) {
                        if (!rel.isEmpty()) {
                            rels.add(rel.toLowerCase(Locale.ROOT));
                        }
                    }
                }
            }
            links.add(new Link(target, List.copyOf(rels)));
        }
        return links;
    }
}
