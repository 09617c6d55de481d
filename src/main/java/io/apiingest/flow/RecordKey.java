package io.apiingest.flow;

/**
 * Which record of an input file this is: a line's only record {@code (line)}, one page of a line's chain
 * {@code (line, page)}, or one item of a page {@code (line, page, item)}. A record is written once per key.
 *
 * @param line 1-based input line
 * @param page 1-based page of the line's chain, or {@link #NO_PAGE}
 * @param item 0-based item of the page, or {@link #NO_ITEM}
 */
public record RecordKey(long line, int page, long item) implements Comparable<RecordKey> {

    public static final int NO_PAGE = 0;
    public static final long NO_ITEM = -1;

    public RecordKey {
        if (line < 0 || page < NO_PAGE || item < NO_ITEM) {
            throw new IllegalArgumentException("not a record key: line " + line + ", page " + page + ", item " + item);
        }
        if (item != NO_ITEM && page == NO_PAGE) {
            throw new IllegalArgumentException("an item belongs to a page: line " + line + ", item " + item);
        }
    }

    /** The key of a line's only record. */
    public static RecordKey of(long line) {
        return new RecordKey(line, NO_PAGE, NO_ITEM);
    }

    /** Whether this is a line's only record, with neither page nor item. */
    public boolean isWholeLine() {
        return page == NO_PAGE;
    }

    public boolean hasItem() {
        return item != NO_ITEM;
    }

    /** By line, then page, then item; a line's whole-line key comes before its pages. */
    @Override
    public int compareTo(RecordKey other) {
        int byLine = Long.compare(line, other.line);
        if (byLine != 0) {
            return byLine;
        }
        int byPage = Integer.compare(page, other.page);
        return byPage != 0 ? byPage : Long.compare(item, other.item);
    }

    @Override
    public String toString() {
        return "line " + line + (isWholeLine() ? "" : ", page " + page) + (hasItem() ? ", item " + item : "");
    }
}
