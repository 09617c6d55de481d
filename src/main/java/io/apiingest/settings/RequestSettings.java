package io.apiingest.settings;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * How requests are made where the input does not say: {@code ingest.request.method}, the default headers
 * {@code ingest.request.headers.<Header-Name>} and {@code ingest.request.url-template}.
 *
 * @param method      upper case: GET, HEAD, POST, PUT, PATCH or DELETE
 * @param headers     sent with every request; a request's own headers win
 * @param urlTemplate a URL with {@code {placeholders}}, or null
 */
public record RequestSettings(String method, Map<String, String> headers, String urlTemplate) {

    /** The methods a request may have. */
    public static final java.util.List<String> METHODS = java.util.List.of("GET", "HEAD", "POST", "PUT", "PATCH",
            "DELETE");
    /** Prefix of the default-header keys. */
    public static final String HEADER_PREFIX = "ingest.request.headers.";

    /** The method as it is sent, {@code given} in any case; null when it is none of {@link #METHODS}. */
    public static String method(String given) {
        for (String known : METHODS) {
            if (known.equalsIgnoreCase(given)) {
                return known;
            }
        }
        return null;
    }

    public RequestSettings {
        // header names ignore case: a lookup of Idempotency-Key finds idempotency-key
        TreeMap<String, String> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        byName.putAll(headers);
        headers = Collections.unmodifiableMap(byName);
    }

    /** Header values may hold credentials: they are not shown. */
    @Override
    public String toString() {
        return "RequestSettings[method=" + method + ", headers=" + headers.keySet() + ", urlTemplate=" + urlTemplate
                + "]";
    }
}
