package io.apiingest.output;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

import io.apiingest.flow.ChainResume;
import io.apiingest.flow.RecordKey;

/**
 * Which records of one input file are written and which of its lines are finished; it decides when the file is
 * complete. A line's only record, key {@code (line)}, finishes the line; a line of pages or items stays open until
 * it is told {@link #finished}, and while a next page is on its way ({@link #moreToCome}) the file cannot complete;
 * where that next page starts is kept until the line is finished, for a restart to go on from there.
 *
 * <p>A line of one record takes two bits, recorded and finished (250 KB for a million lines). A line's chain is
 * kept only while it is under way, and only as far as a repeat needs: the last page done (its pages up to there are
 * all written, and are never fetched again) and, of the page in progress, whether its record is written or how many
 * of its items are (items are written in order, so a page cut mid-stream and fetched again skips that many). So a
 * chain of a million items costs a few numbers, not a million keys. Not thread-safe: its job guards it.
 */
final class FileLedger {

    /** A line's chain while it is under way. */
    private static final class Chain {
        int lastPageDone;
        ChainResume next;
        /** The page records are coming for, after the last page done; 0 before its first record. */
        int page;
        boolean pageRecorded;
        long itemsRecorded;
    }

    private final BitSet wholeLines = new BitSet();
    private final BitSet finished = new BitSet();
    private final BitSet moreToCome = new BitSet();
    /** Lines with an error record among their items: such a line ends as failed. */
    private final BitSet withErrors = new BitSet();
    private final Map<Long, Chain> chains = new HashMap<>();
    private long finishedLines;
    private long records;
    private long inputLines = -1;

    boolean isRecorded(RecordKey key) {
        if (key.isWholeLine()) {
            return wholeLines.get(index(key.line()));
        }
        if (finished.get(index(key.line()))) {
            return true; // the chain has ended: nothing more of it is written
        }
        Chain chain = chains.get(key.line());
        if (chain == null) {
            return false;
        }
        if (key.page() <= chain.lastPageDone) {
            return true;
        }
        if (key.page() != chain.page) {
            return false;
        }
        return key.hasItem() ? key.item() < chain.itemsRecorded : chain.pageRecorded;
    }

    /**
     * Notes a record as written: false, and nothing noted, when its key was already (a line fetched twice, a
     * retry racing a restart, an item of a page fetched again). A whole-line key finishes its line.
     */
    boolean record(RecordKey key) {
        if (isRecorded(key)) {
            return false;
        }
        if (key.isWholeLine()) {
            wholeLines.set(index(key.line()));
            finished(key.line());
        } else {
            Chain chain = chains.computeIfAbsent(key.line(), line -> new Chain());
            if (key.page() != chain.page) {
                chain.page = key.page();
                chain.pageRecorded = false;
                chain.itemsRecorded = 0;
            }
            if (key.hasItem()) {
                chain.itemsRecorded = Math.max(chain.itemsRecorded, key.item() + 1);
            } else {
                chain.pageRecorded = true;
            }
        }
        records++;
        return true;
    }

    /** A record that is counted but needs no key kept: of a page already done, or of a finished line. */
    void count() {
        records++;
    }

    /**
     * A record an earlier run wrote, as a resume finds it, after the journal of pages done: a key found twice
     * means the folder is not ours.
     */
    void takeUp(RecordKey key) {
        if (!key.isWholeLine() && (isFinished(key.line()) || isPageDone(key.line(), key.page()))) {
            count(); // of a page the journal says is done: counted, and no key kept
        } else if (!record(key)) {
            throw new IllegalStateException("the output holds the record of " + key + " twice");
        }
    }

    /**
     * The line's chain goes on at {@code next} (its next page is on its way): the file is not complete until the
     * line is finished.
     */
    void moreToCome(long line, ChainResume next) {
        int index = index(line);
        if (finished.get(index)) {
            throw new IllegalStateException("line " + line + " is finished: nothing more can come");
        }
        moreToCome.set(index);
        chains.computeIfAbsent(line, l -> new Chain()).next = next;
    }

    /** A page of the line's chain is done (pages are done in order): its records need no keys any more. */
    void pageDone(long line, int page) {
        Chain chain = chains.computeIfAbsent(line, l -> new Chain());
        chain.lastPageDone = Math.max(chain.lastPageDone, page);
    }

    /** Whether the page of the line's chain is done, while the chain is under way. */
    boolean isPageDone(long line, int page) {
        Chain chain = chains.get(line);
        return chain != null && page <= chain.lastPageDone;
    }

    /** Where the line's chain goes on, while it has more to come; else null. */
    ChainResume nextPage(long line) {
        Chain chain = chains.get(line);
        return chain == null ? null : chain.next;
    }

    /**
     * The key of an error record that ends the unfinished line for good where its chain has got to: the line's
     * only record, its chain's first page when nothing of it is recorded, else the page in progress, or the page
     * after one whose record is written and whose end has not come.
     *
     * @param firstPage the page the line's chain begins at; 0 for a line without pages
     */
    RecordKey closingKey(long line, int firstPage) {
        Chain chain = chains.get(line);
        if (chain == null) {
            return firstPage == RecordKey.NO_PAGE ? RecordKey.of(line) : new RecordKey(line, firstPage, RecordKey.NO_ITEM);
        }
        int page = Math.max(chain.page, chain.lastPageDone + 1);
        if (page == chain.page && chain.pageRecorded) {
            page++;
        }
        return new RecordKey(line, page, RecordKey.NO_ITEM);
    }

    /** The line's chain has ended: nothing more comes for it. Telling it twice changes nothing. */
    void finished(long line) {
        int index = index(line);
        if (!finished.get(index)) {
            finished.set(index);
            moreToCome.clear(index);
            chains.remove(line);
            finishedLines++;
        }
    }

    /** An item of the line's chain failed: the line ends as failed; true when it is the line's first such. */
    boolean itemFailed(long line) {
        int index = index(line);
        boolean first = !withErrors.get(index);
        withErrors.set(index);
        return first;
    }

    boolean hasFailedItems(long line) {
        return withErrors.get(index(line));
    }

    /** Whether some line's chain still has a next page on its way. */
    boolean hasMoreToCome() {
        return !moreToCome.isEmpty();
    }

    boolean isFinished(long line) {
        return finished.get(index(line));
    }

    /** Told once the whole input is read: how many lines it holds. */
    void inputRead(long lines) {
        inputLines = lines;
    }

    boolean isInputRead() {
        return inputLines >= 0;
    }

    /** The lines of the input, once it is read to the end; -1 until then. */
    long inputLines() {
        return inputLines;
    }

    long finishedLines() {
        return finishedLines;
    }

    long records() {
        return records;
    }

    /** The input is read to the end, every line of it is finished, and no line has more to come. */
    boolean isComplete() {
        return isInputRead() && finishedLines == inputLines && moreToCome.isEmpty();
    }

    private static int index(long line) {
        return Math.toIntExact(line);
    }
}
