package io.apiingest.intake;

import java.util.Map;

import io.apiingest.flow.FetchRequest;

/**
 * A {@code .txt} line (or a line of any other extension): a URL, or with {@code ingest.request.url-template} the
 * value its {@code {value}} stands for. Sent with {@code ingest.request.method}.
 */
final class UrlLineParser {

    private final String job;
    private final String method;
    private final UrlTemplate template;
    private final RequestParts parts;

    /** @param template the URL template, or null when each line is a URL */
    UrlLineParser(String job, String method, UrlTemplate template, RequestParts parts) {
        this.job = job;
        this.method = method;
        this.template = template;
        this.parts = parts;
    }

    FetchRequest parse(TextLine line) {
        if (line.defect() != null) {
            return FetchRequest.unusable(job, line.line(), RequestUrl.masked(line.text()), line.defect());
        }
        String url = template == null ? line.text() : template.fill(name -> line.text());
        return parts.request(job, line.line(), method, url, null, Map.of(), null, null, null);
    }
}
