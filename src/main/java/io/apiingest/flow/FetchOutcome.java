package io.apiingest.flow;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializable;

/**
 * What became of one request: what crosses from fetch to collect. Written as one JSON line, field by field in
 * the order of the output format (README, "Output"): once per URL, a bean serializer cost twice as much.
 * {@code line} comes first, then {@code page} and {@code item} when the key has them: a resume reads records back
 * by their key.
 */
public sealed interface FetchOutcome {

    /** The request this is the outcome of. */
    FetchRequest request();

    /** The outbox job (folder name) the line belongs to; not part of the record. */
    default String job() {
        return request().job();
    }

    /** Which record of the file this is. */
    RecordKey key();

    default long line() {
        return key().line();
    }

    /** Writes the record: one JSON object. */
    void write(JsonGenerator out) throws IOException;

    /** A 2xx response: goes to a part file. {@code body} is the JSON the API sent, or a JSON string otherwise. */
    record Fetched(RecordKey key, FetchRequest request, int status, int attempts, long elapsedMs,
                   JsonSerializable body) implements FetchOutcome {

        public Fetched {
            sameLine(key, request);
        }

        /** The line's only record. */
        public Fetched(FetchRequest request, int status, int attempts, long elapsedMs, JsonSerializable body) {
            this(RecordKey.of(request.line()), request, status, attempts, elapsedMs, body);
        }

        @Override
        public void write(JsonGenerator out) throws IOException {
            writeHead(out, key, request);
            out.writeNumberField("status", status);
            out.writeNumberField("attempts", attempts);
            out.writeNumberField("elapsedMs", elapsedMs);
            writeMeta(out, request);
            out.writeFieldName("body");
            if (body instanceof JsonNode tree) {
                out.writeTree(tree);
            } else {
                body.serialize(out, null); // a raw value: written as it is
            }
            out.writeEndObject();
        }
    }

    /** A request that failed for good: goes to errors.jsonl. {@code status} is null when no response came. */
    record Failed(RecordKey key, FetchRequest request, Integer status, int attempts, String error)
            implements FetchOutcome {

        public Failed {
            sameLine(key, request);
        }

        /** The line's only record. */
        public Failed(FetchRequest request, Integer status, int attempts, String error) {
            this(RecordKey.of(request.line()), request, status, attempts, error);
        }

        @Override
        public void write(JsonGenerator out) throws IOException {
            writeHead(out, key, request);
            if (status == null) {
                out.writeNullField("status");
            } else {
                out.writeNumberField("status", status);
            }
            out.writeNumberField("attempts", attempts);
            writeMeta(out, request);
            out.writeStringField("error", error);
            out.writeEndObject();
        }
    }

    private static void sameLine(RecordKey key, FetchRequest request) {
        if (key.line() != request.line()) {
            throw new IllegalArgumentException("the record of " + key + " is not of its request's line "
                    + request.line());
        }
    }

    /** line (page, item), then the input's id, the URL, and the method when it is not GET. */
    private static void writeHead(JsonGenerator out, RecordKey key, FetchRequest request) throws IOException {
        out.writeStartObject();
        out.writeNumberField("line", key.line());
        if (!key.isWholeLine()) {
            out.writeNumberField("page", key.page());
        }
        if (key.hasItem()) {
            out.writeNumberField("item", key.item());
        }
        if (request.id() != null) {
            out.writeFieldName("id");
            out.writeTree(request.id());
        }
        out.writeStringField("url", request.url());
        if (!FetchRequest.GET.equals(request.method())) {
            out.writeStringField("method", request.method());
        }
    }

    private static void writeMeta(JsonGenerator out, FetchRequest request) throws IOException {
        if (request.meta() != null) {
            out.writeFieldName("meta");
            out.writeTree(request.meta());
        }
    }
}
