package io.apiingest.intake;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.apiingest.flow.FetchRequest;

/**
 * A {@code .txt} line (or a line of any other extension): a URL, or with {@code ingest.request.url-template} the
 * value its {@code {value}} stands for. Sent with {@code ingest.request.method}.
 */
final class UrlLineParser {

    private final String job;
    private final String method;
    private final UrlTemplate template;

    /** @param template the URL template, or null when each line is a URL */
    UrlLineParser(String job, String method, UrlTemplate template) {
        this.job = job;
        this.method = method;
        this.template = template;
    }

    FetchRequest parse(TextLine line) {
        if (line.defect() != null) {
            return FetchRequest.unusable(job, line.line(), RequestUrl.masked(line.text()), line.defect());
        }
        String url = template == null ? line.text() : template.fill(name -> line.text());
        return request(job, line.line(), method, url, Map.of(), null, null, null);
    }

    /**
     * A request for {@code url}, or the line's defect when it is not a URL. Credentials in the URL go into an
     * Authorization header, unless the request has one of its own.
     */
    static FetchRequest request(String job, long line, String method, String url, Map<String, String> headers,
            byte[] body, JsonNode id, JsonNode meta) {
        String shown = RequestUrl.masked(url);
        URI uri;
        try {
            uri = RequestUrl.parse(url);
        } catch (RequestUrl.NotAUrl notAUrl) {
            return new FetchRequest(job, line, method, null, shown, headers, body, id, meta, notAUrl.getMessage());
        }
        String credentials = RequestUrl.basicAuthorization(uri);
        if (credentials != null && !hasHeader(headers, "Authorization")) {
            headers = new LinkedHashMap<>(headers);
            headers.put("Authorization", credentials);
        }
        return new FetchRequest(job, line, method, RequestUrl.toSend(uri), shown, headers, body, id, meta, null);
    }

    private static boolean hasHeader(Map<String, String> headers, String name) {
        for (String key : headers.keySet()) {
            if (key.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }
}
