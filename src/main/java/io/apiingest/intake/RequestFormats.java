package io.apiingest.intake;

import java.io.InputStream;

/**
 * The input formats, chosen by a file's extension, with the request settings they share: {@code .jsonl} and
 * {@code .ndjson} hold a request spec per line, {@code .csv} a row per request, anything else a URL per line.
 */
public final class RequestFormats {

    private final String method;
    private final UrlTemplate template;

    /**
     * @param method   {@code ingest.request.method}, upper case
     * @param template {@code ingest.request.url-template}, or null
     */
    public RequestFormats(String method, String template) {
        this.method = method;
        this.template = template == null ? null : UrlTemplate.parse(template);
    }

    /** @throws UnreadableInputException when the file cannot be read in its format at all (e.g. a CSV header) */
    RequestSource open(String fileName, InputStream in, String job) {
        String extension = io.apiingest.flow.FileNames.extension(fileName);
        if (template != null && !template.names().equals(java.util.Set.of("value"))) {
            throw new UnreadableInputException("ingest.request.url-template " + template
                    + " names " + template.names() + "; in a URL file the only placeholder is {value}");
        }
        return new LineRequests(new LineReader(in), new UrlLineParser(job, method, template)::parse);
    }
}
