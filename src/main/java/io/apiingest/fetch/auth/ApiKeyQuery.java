package io.apiingest.fetch.auth;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import org.apache.camel.Message;

/**
 * {@code ingest.auth.type=api-key}, {@code in=query}: the key as a query parameter, added to the URI that is sent
 * only. The record's {@code url} is the input's, so it never shows the key.
 *
 * <p>Appended to the query as it is, rather than through a URI builder, which would parse and write out again,
 * and so could re-encode, the rest of the input's URL.
 */
final class ApiKeyQuery implements RequestCredentials {

    private final String encodedName;
    private final String parameter;

    ApiKeyQuery(String name, String value) {
        this.encodedName = encoded(name);
        this.parameter = encodedName + "=" + encoded(value);
    }

    /** The form encoding that servers decode query parameters with (application/x-www-form-urlencoded). */
    static String encoded(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** A request whose URL names the parameter already keeps its own. */
    @Override
    public String addTo(Message message, URI uri) {
        String query = uri.getRawQuery();
        if (query == null) {
            return uri + "?" + parameter;
        }
        if (hasParameter(query)) {
            return uri.toString();
        }
        return uri + (query.isEmpty() || query.endsWith("&") ? "" : "&") + parameter;
    }

    private boolean hasParameter(String query) {
        for (String pair : query.split("&")) {
            if (pair.equals(encodedName) || pair.startsWith(encodedName + "=")) {
                return true;
            }
        }
        return false;
    }

    /** Never the key. */
    @Override
    public String toString() {
        return "?" + encodedName + "=***";
    }
}
