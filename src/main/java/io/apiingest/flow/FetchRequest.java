package io.apiingest.flow;

import java.net.URI;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One request of an input file, as the intake parsed it: what crosses the hand-off from intake to fetch, and what
 * a record says about where it came from. Fetch sends it as it is; it parses nothing.
 *
 * @param job     the outbox folder name of the file this request came from (the correlation key for collect)
 * @param line    1-based physical line number in the input file where the request starts
 * @param method  the HTTP method, upper case (GET, HEAD, POST, PUT, PATCH, DELETE)
 * @param uri     what is sent: absolute, percent-encoded, without user info or fragment; null when unusable
 * @param url     the URL as the record shows it: as written, with a password masked as {@code ***}
 * @param headers request headers, the input's own (default headers and auth are fetch's, added when sent)
 * @param body    the request body, or null for none
 * @param id      the input's id for the request (a JSON string or number), or null
 * @param meta    the input's meta object, copied into the record, or null
 * @param defect  why the line cannot be sent (not a URL, a bad spec, too long, …), or null
 * @param resume  where the line's chain of pages goes on after a restart, or null to start at its first page
 */
public record FetchRequest(String job, long line, String method, URI uri, String url, Map<String, String> headers,
                           byte[] body, JsonNode id, JsonNode meta, String defect, ChainResume resume) {

    public static final String GET = "GET";

    public FetchRequest {
        headers = headers == null || headers.isEmpty() ? Map.of() : Map.copyOf(headers);
    }

    /** A request as its input line has it, starting at its first page. */
    public FetchRequest(String job, long line, String method, URI uri, String url, Map<String, String> headers,
            byte[] body, JsonNode id, JsonNode meta, String defect) {
        this(job, line, method, uri, url, headers, body, id, meta, defect, null);
    }

    /** The same request, its chain going on where an earlier run left it. */
    public FetchRequest resumingAt(ChainResume at) {
        return new FetchRequest(job, line, method, uri, url, headers, body, id, meta, defect, at);
    }

    /** A plain GET of a URL line. */
    public static FetchRequest get(String job, long line, URI uri, String url) {
        return new FetchRequest(job, line, GET, uri, url, Map.of(), null, null, null, null);
    }

    /** A line that cannot be sent: it becomes an error record with attempts 0, naming {@code defect}. */
    public static FetchRequest unusable(String job, long line, String url, String defect) {
        return new FetchRequest(job, line, GET, null, url, Map.of(), null, null, null, defect);
    }


    /** The header's value, the name matched without regard to case; null when absent. */
    public String header(String name) {
        return header(headers, name);
    }

    /** The value in {@code headers} of the header {@code name}, matched without regard to case; null when absent. */
    public static String header(Map<String, String> headers, String name) {
        for (Map.Entry<String, String> header : headers.entrySet()) {
            if (header.getKey().equalsIgnoreCase(name)) {
                return header.getValue();
            }
        }
        return null;
    }
}
