package io.apiingest.intake;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.apiingest.flow.FetchRequest;
import io.apiingest.settings.RequestSettings;

/**
 * Puts together what an input gives for one request (URL, query, headers, body, id, meta) into the request fetch
 * sends: the one place where the URL of every format is parsed, its credentials moved into an Authorization
 * header, its password masked for the record, and a body given its Content-Type.
 */
final class RequestParts {

    private static final String CONTENT_TYPE = "Content-Type";
    /** The methods a request may have, for a message. */
    static final String METHODS = String.join(", ", RequestSettings.METHODS);

    private final boolean defaultContentType;

    /** @param defaultHeaders {@code ingest.request.headers.*}: a Content-Type there wins over a body's own */
    RequestParts(Map<String, String> defaultHeaders) {
        this.defaultContentType = has(defaultHeaders, CONTENT_TYPE);
    }

    /**
     * A request for {@code url} with {@code query} appended, or the line's defect when that is not a URL.
     * Credentials in the URL go into an Authorization header, unless the request has one of its own; the body's
     * Content-Type goes with it unless the request's headers or the default headers name one.
     *
     * @param query   percent-encoded {@code name=value} pairs joined by {@code &}, or null
     * @param headers the input's own headers, not changed
     * @param body    the body, or null for none
     */
    FetchRequest request(String job, long line, String method, String url, String query,
            Map<String, String> headers, RequestBody body, JsonNode id, JsonNode meta) {
        String full = withQuery(url, query);
        String shown = RequestUrl.masked(full);
        URI uri;
        try {
            uri = RequestUrl.parse(full);
        } catch (RequestUrl.NotAUrl notAUrl) {
            return new FetchRequest(job, line, method, null, shown, headers, null, id, meta, notAUrl.getMessage());
        }
        if (body != null && method.equals("HEAD")) {
            // a HEAD's body would be dropped on the way without a word: say so instead
            return new FetchRequest(job, line, method, null, shown, headers, null, id, meta,
                    "a HEAD request carries no body; give another method (GET, POST, PUT, PATCH or DELETE)");
        }
        String credentials = RequestUrl.basicAuthorization(uri);
        boolean addAuthorization = credentials != null && !has(headers, "Authorization");
        boolean addContentType = body != null && !defaultContentType && !has(headers, CONTENT_TYPE);
        if (addAuthorization || addContentType) {
            headers = new LinkedHashMap<>(headers);
            if (addAuthorization) {
                headers.put("Authorization", credentials);
            }
            if (addContentType) {
                headers.put(CONTENT_TYPE, body.contentType());
            }
        }
        return new FetchRequest(job, line, method, RequestUrl.toSend(uri), shown, headers,
                body == null ? null : body.bytes(), id, meta, null);
    }

    /**
     * The URL with {@code query} appended to the query it has (after a {@code ?} or {@code &} as needed), before
     * any {@code #fragment}.
     */
    static String withQuery(String url, String query) {
        if (query == null || query.isEmpty()) {
            return url;
        }
        int hash = url.indexOf('#');
        int end = hash < 0 ? url.length() : hash;
        int question = url.indexOf('?');
        StringBuilder full = new StringBuilder(url.length() + query.length() + 1).append(url, 0, end);
        if (question < 0 || question >= end) {
            full.append('?');
        } else if (end - 1 > question && url.charAt(end - 1) != '&') {
            full.append('&');
        }
        return full.append(query).append(url, end, url.length()).toString();
    }


    static boolean has(Map<String, String> headers, String name) {
        return FetchRequest.header(headers, name) != null;
    }
}
