package io.apiingest.output;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.apiingest.flow.ChainResume;
import io.apiingest.flow.PageEnd;

/**
 * {@code .pages.jsonl} in a job's folder: one line per page of a chain done, with where the chain goes on. A
 * restart reads it back and continues each chain after its last page done; it is how a chain of link headers or
 * cursors resumes without fetching its first pages again. Written after the page's records, so a crash between
 * the two fetches the page again and its records, already written, are skipped.
 */
final class PageJournal {

    static final String FILE = ".pages.jsonl";

    private static final ObjectMapper READER = new ObjectMapper();

    private final Path file;
    private final JsonFactory json;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private FileOutputStream out;

    PageJournal(Path dir, JsonFactory json) {
        this.file = dir.resolve(FILE);
        this.json = json;
    }

    /** Every page an earlier run journaled, after dropping a line a crash left half-written. */
    void readBack(String job, Consumer<PageEnd> each) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        JsonLinesFile.cutTornLine(file);
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String text;
            while ((text = in.readLine()) != null) {
                JsonNode page = READER.readTree(text);
                JsonNode next = page.path("next");
                ChainResume resume = next.isObject() ? new ChainResume(next.path("page").intValue(),
                        next.path("position").longValue(), next.path("itemsSeen").longValue(),
                        next.path("uri").textValue(), next.path("cursor").textValue()) : null;
                each.accept(new PageEnd(job, page.path("line").longValue(), page.path("page").intValue(),
                        page.path("items").longValue(), resume, page.path("truncated").booleanValue(),
                        page.path("status").intValue(), page.path("attempts").intValue(),
                        page.path("elapsedMs").longValue()));
            }
        }
    }

    /** One line, handed to the operating system at once (a page is rare next to its records). */
    void write(PageEnd end) throws IOException {
        if (out == null) {
            out = new FileOutputStream(file.toFile(), true); // a file without chains has no journal
        }
        line.reset();
        try (JsonGenerator gen = json.createGenerator(line)) {
            gen.writeStartObject();
            gen.writeNumberField("line", end.line());
            gen.writeNumberField("page", end.page());
            gen.writeNumberField("items", end.items());
            gen.writeNumberField("status", end.status());
            gen.writeNumberField("attempts", end.attempts());
            gen.writeNumberField("elapsedMs", end.elapsedMs());
            if (end.truncated()) {
                gen.writeBooleanField("truncated", true);
            }
            ChainResume next = end.next();
            if (next != null) {
                gen.writeObjectFieldStart("next");
                gen.writeNumberField("page", next.page());
                gen.writeNumberField("position", next.position());
                gen.writeNumberField("itemsSeen", next.itemsSeen());
                gen.writeStringField("uri", next.uri());
                if (next.cursor() != null) {
                    gen.writeStringField("cursor", next.cursor());
                }
                gen.writeEndObject();
            }
            gen.writeEndObject();
        }
        line.write('\n');
        line.writeTo(out);
    }

    /** Makes the journal durable with the records, before the summary. */
    void sync() throws IOException {
        if (out != null) {
            out.getFD().sync();
        }
    }

    void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException ignored) {
                // every line already went to the operating system as it was written
            }
        }
    }
}
