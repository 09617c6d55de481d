package io.apiingest.output;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import org.HdrHistogram.Histogram;

/**
 * What a summary tells beyond the counts, fed with every record of the job (including those an earlier run wrote,
 * read back on resume): final statuses, retries, and the latency of the successes. Not thread-safe: the job calls
 * it under its own lock.
 */
final class JobStatistics {

    private final Map<Integer, Long> statusCounts = new TreeMap<>();
    /** Three significant digits: percentiles exact to 0.1 %, in a few kilobytes, however many records. */
    private final Histogram latencyMs = new Histogram(3);
    private long retries;

    /** One record: its final status (null without a response), attempts made, and latency when it succeeded. */
    void add(Integer status, int attempts, Long successLatencyMs) {
        if (status != null) {
            statusCounts.merge(status, 1L, Long::sum);
        }
        retries += Math.max(0, attempts - 1);
        if (successLatencyMs != null) {
            latencyMs.recordValue(Math.max(0, successLatencyMs));
        }
    }

    long retries() {
        return retries;
    }

    Map<String, Long> statusCounts() {
        Map<String, Long> byCode = new LinkedHashMap<>();
        statusCounts.forEach((status, count) -> byCode.put(Integer.toString(status), count));
        return byCode;
    }

    FileSummary.Latency latency() {
        if (latencyMs.getTotalCount() == 0) {
            return null;
        }
        return new FileSummary.Latency(latencyMs.getValueAtPercentile(50), latencyMs.getValueAtPercentile(95),
                latencyMs.getValueAtPercentile(99), latencyMs.getMaxValue());
    }
}
