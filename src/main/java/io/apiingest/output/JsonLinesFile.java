package io.apiingest.output;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.apiingest.flow.RecordKey;

/** A JSON-lines file of ours, as a crash left it: cut a torn last line, read back the records' keys. */
final class JsonLinesFile {

    private static final String LINE_FIELD = "{\"line\":";
    private static final JsonFactory JSON = new JsonFactory();

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
     * Calls {@code each} with the head of every record in the file, marked {@code failed} for an errors file.
     * Reads each record only up to its last field ({@code body} or {@code error}), which it never parses.
     *
     * @return how many records the file holds
     */
    static int readRecords(Path file, boolean failed, Consumer<RecordHead> each) throws IOException {
        int count = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String record;
            while ((record = in.readLine()) != null) {
                if (!record.startsWith(LINE_FIELD)) {
                    throw new IOException(file + " holds a record that does not start with " + LINE_FIELD);
                }
                each.accept(head(record, failed));
                count++;
            }
        }
        return count;
    }

    private static RecordHead head(String record, boolean failed) throws IOException {
        long line = -1;
        int page = RecordKey.NO_PAGE;
        long item = RecordKey.NO_ITEM;
        Integer status = null;
        int attempts = 0;
        Long elapsedMs = null;
        try (JsonParser json = JSON.createParser(record)) {
            json.nextToken();
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String field = json.currentName();
                JsonToken value = json.nextToken();
                switch (field) {
                    case "line" -> line = json.getLongValue();
                    case "page" -> page = json.getIntValue();
                    case "item" -> item = json.getLongValue();
                    case "status" -> status = value == JsonToken.VALUE_NULL ? null : json.getIntValue();
                    case "attempts" -> attempts = json.getIntValue();
                    case "elapsedMs" -> elapsedMs = json.getLongValue();
                    case "body", "error" -> {
                        return new RecordHead(new RecordKey(line, page, item), failed, status, attempts, elapsedMs);
                    }
                    default -> json.skipChildren();
                }
            }
        }
        return new RecordHead(new RecordKey(line, page, item), failed, status, attempts, elapsedMs);
    }
}
