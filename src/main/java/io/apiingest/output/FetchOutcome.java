package io.apiingest.output;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonSerializable;

/** What became of one URL line: what crosses from fetch to collect. Serialised as one JSON line. */
public sealed interface FetchOutcome {

    /** The outbox job (folder name) the line belongs to; not part of the record. */
    @JsonIgnore
    String job();

    long line();

    /** A 2xx response: goes to a part file. {@code body} is the JSON the API sent, or a JSON string for other bodies. */
    @JsonPropertyOrder({"line", "url", "status", "attempts", "elapsedMs", "body"})
    record Fetched(@JsonIgnore String job, long line, String url, int status, int attempts, long elapsedMs,
                   JsonSerializable body) implements FetchOutcome {
    }

    /** A URL that failed for good: goes to errors.jsonl. {@code status} is null when no response came. */
    @JsonPropertyOrder({"line", "url", "status", "attempts", "error"})
    record Failed(@JsonIgnore String job, long line, String url, Integer status, int attempts, String error)
            implements FetchOutcome {
    }
}
