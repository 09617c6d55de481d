package io.apiingest.output;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;

import io.apiingest.flow.ChainResume;
import io.apiingest.flow.RecordKey;

/**
 * Which records of one input file are written and which of its lines are finished; it decides when the file is
 * complete. A line's only record, key {@code (line)}, finishes the line; a line of pages or items stays open until
 * it is told {@link #finished}, and while a next page is on its way ({@link #moreToCome}) the file cannot complete;
 * where that next page starts is kept until the line is finished, for a restart to go on from there.
 *
 * <p>A line of one record takes two bits, recorded and finished (250 KB for a million lines); only keys with a page
 * or an item are kept as objects, in key order. Not thread-safe: its job guards it.
 */
final class FileLedger {

    private final BitSet wholeLines = new BitSet();
    private final NavigableSet<RecordKey> pagesAndItems = new TreeSet<>();
    private final BitSet finished = new BitSet();
    private final BitSet moreToCome = new BitSet();
    private final Map<Long, ChainResume> nextPages = new HashMap<>();
    /** The last page done of each line whose chain is under way. */
    private final Map<Long, Integer> lastPageDone = new HashMap<>();
    private long finishedLines;
    private long records;
    private long inputLines = -1;

    boolean isRecorded(RecordKey key) {
        return key.isWholeLine() ? wholeLines.get(index(key.line())) : pagesAndItems.contains(key);
    }

    /**
     * Notes a record as written: false, and nothing noted, when its key was already (a line fetched twice, a
     * retry racing a restart). A whole-line key finishes its line.
     */
    boolean record(RecordKey key) {
        if (key.isWholeLine()) {
            int line = index(key.line());
            if (wholeLines.get(line)) {
                return false;
            }
            wholeLines.set(line);
            finished(key.line());
        } else if (!pagesAndItems.add(key)) {
            return false;
        }
        records++;
        return true;
    }

    /** A record an earlier run wrote, as a resume finds it: a key found twice means the folder is not ours. */
    void takeUp(RecordKey key) {
        if (!record(key)) {
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
        nextPages.put(line, next);
    }

    /** A page of the line's chain is done (pages are done in order). */
    void pageDone(long line, int page) {
        lastPageDone.merge(line, page, Math::max);
    }

    /** Whether the page of the line's chain is done, while the chain is under way. */
    boolean isPageDone(long line, int page) {
        Integer last = lastPageDone.get(line);
        return last != null && page <= last;
    }

    /** Where the line's chain goes on, while it has more to come; else null. */
    ChainResume nextPage(long line) {
        return nextPages.get(line);
    }

    /** The line's chain has ended: nothing more comes for it. Telling it twice changes nothing. */
    void finished(long line) {
        int index = index(line);
        if (!finished.get(index)) {
            finished.set(index);
            moreToCome.clear(index);
            nextPages.remove(line);
            lastPageDone.remove(line);
            finishedLines++;
        }
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
