package io.apiingest.output;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.LongConsumer;

/** A JSON-lines file of ours, as a crash left it: cut a torn last line, read back the line numbers. */
final class JsonLinesFile {

    private static final String LINE_FIELD = "{\"line\":";

    private JsonLinesFile() {
    }

    /** Drops a last line that a killed process left without its newline. */
    static void cutTornLine(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = channel.size();
            ByteBuffer one = ByteBuffer.allocate(1);
            long keep = size;
            while (keep > 0) {
                one.clear();
                channel.read(one, keep - 1);
                if (one.get(0) == '\n') {
                    break;
                }
                keep--;
            }
            if (keep < size) {
                channel.truncate(keep);
            }
        }
    }

    /**
     * Calls {@code each} with the input line number of every record in the file.
     *
     * @return how many records the file holds
     */
    static int readLineNumbers(Path file, LongConsumer each) throws IOException {
        int count = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String record;
            while ((record = in.readLine()) != null) {
                if (!record.startsWith(LINE_FIELD)) {
                    throw new IOException(file + " holds a record that does not start with " + LINE_FIELD);
                }
                int end = record.indexOf(',', LINE_FIELD.length());
                each.accept(Long.parseLong(record.substring(LINE_FIELD.length(), end)));
                count++;
            }
        }
        return count;
    }
}
