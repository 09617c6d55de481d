package io.apiingest.intake;

import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.Set;

import io.apiingest.flow.FileNames;
import io.apiingest.settings.PaginateSettings;
import io.apiingest.settings.RequestSettings;

/**
 * The input formats, chosen by a file's extension, with the request settings they share: {@code .jsonl} and
 * {@code .ndjson} hold a request spec per line, {@code .csv} a row per request, anything else a URL per line.
 */
public final class RequestFormats {

    private final String method;
    private final UrlTemplate template;
    private final RequestParts parts;
    private final PaginateSettings paginate;

    /**
     * @param paginate {@code ingest.paginate.*}, under a spec's own {@code paginate}
     * @throws IllegalArgumentException when {@code ingest.request.url-template} is not a template
     */
    public RequestFormats(RequestSettings request, PaginateSettings paginate) {
        this.paginate = paginate;
        this.method = request.method();
        this.template = request.urlTemplate() == null ? null : UrlTemplate.parse(request.urlTemplate());
        this.parts = new RequestParts(request.headers());
    }

    /**
     * Refuses a file its format cannot read at all (a CSV header without url column, a template naming what
     * the file does not have) before an output folder is made for it; the intake route's step after the text check.
     *
     * @throws UnreadableInputException naming why
     */
    public void check(File input) throws IOException {
        try (InputStream in = Files.newInputStream(input.toPath())) {
            open(input.getName(), in, null).close();
        } catch (FileNotFoundException | NoSuchFileException e) {
            throw new UnreadableInputException("the file disappeared before it could be read");
        }
    }

    /** @throws UnreadableInputException when the file cannot be read in its format at all (e.g. a CSV header) */
    RequestSource open(String fileName, InputStream in, String job) {
        return switch (FileNames.extension(fileName)) {
            // a spec names its own URL: the template is not used
            case ".jsonl", ".ndjson" -> new LineRequests(new LineReader(in, SpecLineParser.MAX_LINE_BYTES),
                    new SpecLineParser(job, method, parts, paginate)::parse);
            case ".csv" -> CsvRequests.open(in, job, method, template, parts);
            default -> urlLines(in, job);
        };
    }

    private RequestSource urlLines(InputStream in, String job) {
        if (template != null && !template.names().equals(Set.of("value"))) {
            throw new UnreadableInputException("ingest.request.url-template " + template
                    + " names " + template.names() + "; in a URL file the only placeholder is {value}");
        }
        return new LineRequests(new LineReader(in), new UrlLineParser(job, method, template, parts)::parse);
    }
}
