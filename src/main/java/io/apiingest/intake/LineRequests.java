package io.apiingest.intake;

import java.util.function.Function;

import io.apiingest.flow.FetchRequest;

/** A line-per-request format (URL lines, JSON lines): each line read, then parsed on its own. */
final class LineRequests implements RequestSource {

    private final LineReader lines;
    private final Function<TextLine, FetchRequest> parser;

    LineRequests(LineReader lines, Function<TextLine, FetchRequest> parser) {
        this.lines = lines;
        this.parser = parser;
    }

    @Override
    public FetchRequest next() {
        return lines.hasNext() ? parser.apply(lines.next()) : null;
    }

    @Override
    public void close() {
        lines.close();
    }
}
