package io.apiingest.intake;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Streams the lines of an input file, one at a time, holding at most one line in memory.
 *
 * <p>Counts physical lines (LF or CRLF), drops a leading UTF-8 BOM, skips blank lines and {@code #} comments,
 * trims surrounding white space. A line that is too long or not valid UTF-8 still comes out, with a defect,
 * so that it becomes an error record instead of vanishing.
 */
final class LineReader implements Iterator<TextLine>, Closeable {

    /** Longest URL line accepted; a URL is rarely over 8 KiB, so anything past this is not a URL. */
    static final int MAX_LINE_BYTES = 64 * 1024;
    private static final int SHOWN_OF_LONG_LINE = 200;

    private final InputStream in;
    private final int maxLineBytes;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder();
    private final byte[] chunk = new byte[64 * 1024];
    private int chunkPos;
    private int chunkLen;
    private byte[] line = new byte[256];
    private int lineLen;
    private boolean lineTooLong;
    private boolean eof;
    private long physicalLine;
    private TextLine next;

    /** Lines up to {@link #MAX_LINE_BYTES}. */
    LineReader(InputStream in) {
        this(in, MAX_LINE_BYTES);
    }

    /** Lines up to {@code maxLineBytes}; a longer one comes out cut short, with its defect. */
    LineReader(InputStream in, int maxLineBytes) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
    }

    @Override
    public boolean hasNext() {
        if (next == null && !eof) {
            next = nextLine();
            if (next == null) {
                close();
            }
        }
        return next != null;
    }

    @Override
    public TextLine next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        TextLine result = next;
        next = null;
        return result;
    }

    @Override
    public void close() {
        eof = true;
        try {
            in.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private TextLine nextLine() {
        while (readPhysicalLine()) {
            physicalLine++;
            int start = 0;
            int end = lineLen;
            if (physicalLine == 1 && end >= 3 && (line[0] & 0xFF) == 0xEF && (line[1] & 0xFF) == 0xBB
                    && (line[2] & 0xFF) == 0xBF) {
                start = 3;
            }
            if (end > start && line[end - 1] == '\r') {
                end--;
            }
            if (lineTooLong || end > maxLineBytes) {
                String shown = new String(line, start, Math.min(end - start, SHOWN_OF_LONG_LINE),
                        StandardCharsets.UTF_8).strip();
                return new TextLine(physicalLine, shown + "…", "line too long (over " + maxLineBytes + " bytes)");
            }
            String text;
            try {
                text = utf8.decode(ByteBuffer.wrap(line, start, end - start)).toString().strip();
            } catch (CharacterCodingException e) {
                String shown = new String(line, start, end - start, StandardCharsets.UTF_8).strip();
                return new TextLine(physicalLine, shown, "line is not valid UTF-8 text");
            }
            if (text.isEmpty() || text.charAt(0) == '#') {
                continue;
            }
            return TextLine.of(physicalLine, text);
        }
        return null;
    }

    /** Fills {@code line} with the next physical line without its LF; false at end of input. */
    private boolean readPhysicalLine() {
        lineLen = 0;
        lineTooLong = false;
        boolean any = false;
        while (true) {
            if (chunkPos == chunkLen && !fill()) {
                return any;
            }
            any = true;
            int from = chunkPos;
            int lf = from;
            while (lf < chunkLen && chunk[lf] != '\n') {
                lf++;
            }
            append(from, lf - from);
            if (lf < chunkLen) {
                chunkPos = lf + 1;
                return true;
            }
            chunkPos = chunkLen;
        }
    }

    /** Keeps at most one byte over the limit: room for the CR of a CRLF line that is exactly at the limit. */
    private void append(int from, int count) {
        int room = maxLineBytes + 1 - lineLen;
        if (count > room) {
            lineTooLong = true;
            count = room;
        }
        if (count <= 0) {
            return;
        }
        if (lineLen + count > line.length) {
            byte[] bigger = new byte[Math.min(maxLineBytes + 1, Math.max(line.length * 2, lineLen + count))];
            System.arraycopy(line, 0, bigger, 0, lineLen);
            line = bigger;
        }
        System.arraycopy(chunk, from, line, lineLen, count);
        lineLen += count;
    }

    private boolean fill() {
        try {
            int n = in.read(chunk, 0, chunk.length);
            if (n <= 0) {
                return false;
            }
            chunkPos = 0;
            chunkLen = n;
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the input file: " + e.getMessage(), e);
        }
    }
}
