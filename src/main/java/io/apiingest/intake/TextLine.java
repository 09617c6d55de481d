package io.apiingest.intake;

/**
 * One line of an input file as read, before it is parsed into a request.
 *
 * @param line   1-based physical line number in the input file
 * @param text   the line, trimmed (cut short when the line was too long)
 * @param defect why the line cannot be used as read (too long, not UTF-8), or null
 */
record TextLine(long line, String text, String defect) {

    static TextLine of(long line, String text) {
        return new TextLine(line, text, null);
    }
}
