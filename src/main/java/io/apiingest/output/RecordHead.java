package io.apiingest.output;

import io.apiingest.flow.RecordKey;

/**
 * What a resume needs of a record an earlier run wrote: its key for the ledger, and its final status, attempts and
 * latency for the summary. {@code failed} says it is an error record.
 */
public record RecordHead(RecordKey key, boolean failed, Integer status, int attempts, Long elapsedMs) {
}
