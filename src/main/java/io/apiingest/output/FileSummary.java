package io.apiingest.output;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.apiingest.flow.OriginTally;

/**
 * {@code _SUMMARY.json}: written last, when every line of the input is on disk.
 *
 * @param total         input lines (requests); {@code succeeded} and {@code failed} count them too: a line of pages
 *                      succeeded when its whole chain did
 * @param records       records written, to part files and errors.jsonl: a line's, a page's or an item's
 * @param errors        of those, the error records
 * @param pages         pages of chains done (ingest.paginate.type or ingest.items-path; else 0)
 * @param items         item records (ingest.items-path, NDJSON responses)
 * @param truncated     chains that ended at ingest.paginate.max-pages with more on offer
 * @param deadlineExceeded ingest.file-deadline-s passed: the lines it found unfinished have "deadline exceeded"
 * @param durationMs    from the first start on this input to the summary, restarts included
 * @param startedAt     ISO-8601 UTC time the first run on this input started
 * @param retries       attempts beyond the first, over every URL
 * @param statusCounts  final HTTP status of each URL that got a response, by status code
 * @param latencyMs     time of the successful attempt over the URLs that succeeded; null when none did
 * @param urlsPerSecond {@code total} over {@code durationMs}
 * @param origins       per origin, this run's requests, its 429/503 answers (throttled) and its pace at the end
 */
@JsonPropertyOrder({"file", "total", "succeeded", "failed", "records", "errors", "pages", "items", "truncated",
        "deadlineExceeded", "durationMs", "startedAt", "finishedAt", "retries",
        "statusCounts", "latencyMs", "urlsPerSecond", "origins"})
public record FileSummary(String file, long total, long succeeded, long failed, long records, long errors,
                          long pages, long items, long truncated, boolean deadlineExceeded, long durationMs,
                          String startedAt,
                          String finishedAt, long retries, Map<String, Long> statusCounts, Latency latencyMs,
                          double urlsPerSecond, Map<String, OriginTally.Figures> origins) {

    /** Percentiles in milliseconds. */
    @JsonPropertyOrder({"p50", "p95", "p99", "max"})
    public record Latency(long p50, long p95, long p99, long max) {
    }
}
