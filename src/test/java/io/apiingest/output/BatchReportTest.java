package io.apiingest.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.apiingest.output.FileSummary;
import org.junit.jupiter.api.Test;

/** The table batch mode prints at the end, as a person at a terminal reads it. */
class BatchReportTest {

    @Test
    void should_print_one_aligned_row_per_file_with_numbers_right_and_text_left() {
        FileSummary orders = summary("orders.txt", 6, 5, 1, 2500, 2, statuses("200", 5L, "404", 1L),
                new FileSummary.Latency(12, 250, 980, 1203), 2.4);
        FileSummary invalid = summary("invalid-only.txt", 3, 0, 3, 40, 0, Map.of(), null, 75.0);

        String table = BatchReport.of(List.of(orders, invalid));

        assertThat(table).isEqualTo("""
                file              URLs  ok  failed  retries  seconds  URLs/s  p50 ms  p95 ms  p99 ms  max ms  statuses
                orders.txt           6   5       1        2      2.5     2.4      12     250     980   1,203  200:5 404:1
                invalid-only.txt     3   0       3        0      0.0    75.0       -       -       -       -  -
                """);
    }

    @Test
    void should_group_thousands_and_widen_columns_for_big_runs() {
        FileSummary million = summary("million.txt", 1_000_000, 999_990, 10, 186_123, 12_345,
                statuses("200", 999_990L, "404", 7L, "503", 3L), new FileSummary.Latency(5, 9, 14, 2048), 5372.9);

        String table = BatchReport.of(List.of(million));

        assertThat(table).isEqualTo("""
                file              URLs       ok  failed  retries  seconds   URLs/s  p50 ms  p95 ms  p99 ms  max ms  statuses
                million.txt  1,000,000  999,990      10   12,345    186.1  5,372.9       5       9      14   2,048  200:999990 404:7 503:3
                """);
    }

    @Test
    void should_end_no_line_in_trailing_spaces() {
        FileSummary longStatuses = summary("a.txt", 3, 1, 2, 1000, 0, statuses("200", 1L, "404", 1L, "410", 1L),
                new FileSummary.Latency(1, 1, 1, 1), 3.0);
        FileSummary none = summary("b.txt", 1, 0, 1, 1000, 0, Map.of(), null, 1.0);

        String table = BatchReport.of(List.of(longStatuses, none));

        assertThat(table.lines()).hasSize(3).allSatisfy(line -> assertThat(line).doesNotEndWith(" "));
        assertThat(table.lines().toList().get(2)).as("no latency, no statuses").endsWith("       -       -  -");
    }

    @Test
    void should_say_so_when_no_file_was_finished() {
        assertThat(BatchReport.of(List.of())).isEqualTo("api-ingest: no file was finished in this run\n");
    }

    private static FileSummary summary(String file, long total, long succeeded, long failed, long durationMs,
                                       long retries, Map<String, Long> statusCounts, FileSummary.Latency latency,
                                       double urlsPerSecond) {
        return new FileSummary(file, total, succeeded, failed, total, failed, 0, 0, 0, false, durationMs, "2025-01-01T00:00:00Z",
                "2025-01-01T00:00:01Z", retries, statusCounts, latency, urlsPerSecond, Map.of());
    }

    private static Map<String, Long> statuses(Object... codeThenCount) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (int i = 0; i < codeThenCount.length; i += 2) {
            counts.put((String) codeThenCount[i], (Long) codeThenCount[i + 1]);
        }
        return counts;
    }
}
