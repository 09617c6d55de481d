package io.apiingest.output;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializable;

/**
 * What became of one URL line: what crosses from fetch to collect. Written as one JSON line, field by field in
 * the order of the output format (README, "Output"): once per URL, a bean serializer cost twice as much.
 */
public sealed interface FetchOutcome {

    /** The outbox job (folder name) the line belongs to; not part of the record. */
    String job();

    long line();

    /** Writes the record: one JSON object. */
    void write(JsonGenerator out) throws IOException;

    /** A 2xx response: goes to a part file. {@code body} is the JSON the API sent, or a JSON string otherwise. */
    record Fetched(String job, long line, String url, int status, int attempts, long elapsedMs,
                   JsonSerializable body) implements FetchOutcome {

        @Override
        public void write(JsonGenerator out) throws IOException {
            out.writeStartObject();
            out.writeNumberField("line", line);
            out.writeStringField("url", url);
            out.writeNumberField("status", status);
            out.writeNumberField("attempts", attempts);
            out.writeNumberField("elapsedMs", elapsedMs);
            out.writeFieldName("body");
            if (body instanceof JsonNode tree) {
                out.writeTree(tree);
            } else {
                body.serialize(out, null); // a raw value: written as it is
            }
            out.writeEndObject();
        }
    }

    /** A URL that failed for good: goes to errors.jsonl. {@code status} is null when no response came. */
    record Failed(String job, long line, String url, Integer status, int attempts, String error)
            implements FetchOutcome {

        @Override
        public void write(JsonGenerator out) throws IOException {
            out.writeStartObject();
            out.writeNumberField("line", line);
            out.writeStringField("url", url);
            if (status == null) {
                out.writeNullField("status");
            } else {
                out.writeNumberField("status", status);
            }
            out.writeNumberField("attempts", attempts);
            out.writeStringField("error", error);
            out.writeEndObject();
        }
    }
}
