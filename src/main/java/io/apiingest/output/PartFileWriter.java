package io.apiingest.output;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes JSON lines into {@code part-00001.jsonl}, {@code part-00002.jsonl}, … with at most {@code batchSize}
 * lines each. A part is written under a hidden temporary name and renamed when complete, so a reader never
 * sees half a file. Every line reaches the operating system as soon as it is appended: a killed process loses
 * none of them, and a restart carries on with the same temporary part.
 */
final class PartFileWriter implements Closeable {

    static final Pattern PART = Pattern.compile("part-(\\d{5,})\\.jsonl");
    static final Pattern OPEN_PART = Pattern.compile("\\.part-(\\d{5,})\\.jsonl\\.tmp");

    private final Path dir;
    private final int batchSize;
    private int partNumber;
    private int linesInPart;
    private FileOutputStream file;
    private BufferedOutputStream out;
    private Path temporary;

    PartFileWriter(Path dir, int batchSize) {
        this.dir = dir;
        this.batchSize = batchSize;
    }

    /**
     * Carries on where an earlier run stopped: after part {@code lastPart}, with the open (temporary) part, if
     * any, holding {@code linesInOpenPart} complete lines.
     */
    void resume(int lastPart, Path openPart, int linesInOpenPart) throws IOException {
        partNumber = lastPart;
        if (openPart != null) {
            partNumber = lastPart + 1;
            temporary = openPart;
            file = new FileOutputStream(openPart.toFile(), true);
            out = new BufferedOutputStream(file, 64 * 1024);
            linesInPart = linesInOpenPart;
            if (linesInPart >= batchSize) {
                completePart();
            }
        }
    }

    /** Appends one JSON line, given without its newline. */
    void append(ByteArrayOutputStream jsonLine) throws IOException {
        if (out == null) {
            partNumber++;
            temporary = dir.resolve("." + partName(partNumber) + ".tmp");
            file = new FileOutputStream(temporary.toFile());
            out = new BufferedOutputStream(file, 64 * 1024);
        }
        jsonLine.writeTo(out);
        out.write('\n');
        out.flush();
        if (++linesInPart == batchSize) {
            completePart();
        }
    }

    /** Completes the open part, if any. */
    @Override
    public void close() throws IOException {
        if (out != null) {
            completePart();
        }
    }

    /** Closes the open part without completing it: a later run resumes it. */
    void abandon() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException ignored) {
                // the lines written so far are already with the operating system
            }
            out = null;
        }
    }

    private void completePart() throws IOException {
        Path complete = dir.resolve(partName(partNumber));
        if (Files.exists(complete)) {
            throw new IOException(complete + " exists already: refusing to overwrite a complete part");
        }
        out.flush();
        file.getFD().sync();
        out.close();
        Files.move(temporary, complete, StandardCopyOption.ATOMIC_MOVE);
        out = null;
        file = null;
        linesInPart = 0;
    }

    static String partName(int number) {
        return String.format("part-%05d.jsonl", number);
    }

    /** The part number in a part file name (complete or open), or -1. */
    static int partNumber(String fileName) {
        Matcher m = PART.matcher(fileName);
        if (m.matches()) {
            return Integer.parseInt(m.group(1));
        }
        m = OPEN_PART.matcher(fileName);
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }
}
