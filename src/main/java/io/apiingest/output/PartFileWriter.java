package io.apiingest.output;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes JSON lines into {@code part-00001.jsonl}, {@code part-00002.jsonl}, … with at most {@code batchSize}
 * lines each. A part is written under a hidden temporary name and renamed when complete, so a reader never
 * sees half a file.
 */
final class PartFileWriter implements Closeable {

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

    void append(byte[] jsonLine) throws IOException {
        if (out == null) {
            partNumber++;
            temporary = dir.resolve("." + partName(partNumber) + ".tmp");
            file = new FileOutputStream(temporary.toFile());
            out = new BufferedOutputStream(file, 64 * 1024);
        }
        out.write(jsonLine);
        out.write('\n');
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

    private void completePart() throws IOException {
        out.flush();
        file.getFD().sync();
        out.close();
        Files.move(temporary, dir.resolve(partName(partNumber)), StandardCopyOption.ATOMIC_MOVE);
        out = null;
        file = null;
        linesInPart = 0;
    }

    static String partName(int number) {
        return String.format("part-%05d.jsonl", number);
    }
}
