package io.apiingest.intake;

/**
 * One URL line of an input file: what crosses the hand-off from intake to fetch.
 *
 * @param job    the outbox folder name of the file this line came from (also the correlation key for collect)
 * @param line   1-based physical line number in the input file
 * @param text   the line, trimmed (cut short when the line was too long)
 * @param defect why the line cannot be used as read (too long, not UTF-8), or null
 */
public record UrlLine(String job, long line, String text, String defect) {

    public static UrlLine of(String job, long line, String text) {
        return new UrlLine(job, line, text, null);
    }
}
