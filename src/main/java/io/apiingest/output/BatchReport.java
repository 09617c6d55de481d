package io.apiingest.output;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;


/** The table batch mode prints at the end: each finished file's summary, for a person at a terminal. */
public final class BatchReport {

    private static final String[] HEADINGS = {"file", "URLs", "ok", "failed", "retries", "seconds", "URLs/s",
        "p50 ms", "p95 ms", "p99 ms", "max ms", "statuses"};

    private BatchReport() {
    }

    public static String of(List<FileSummary> summaries) {
        if (summaries.isEmpty()) {
            return "api-ingest: no file was finished in this run\n";
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADINGS);
        for (FileSummary s : summaries) {
            FileSummary.Latency latency = s.latencyMs();
            rows.add(new String[] {s.file(), number(s.total()), number(s.succeeded()), number(s.failed()),
                number(s.retries()), String.format(Locale.ROOT, "%.1f", s.durationMs() / 1000.0),
                String.format(Locale.ROOT, "%,.1f", s.urlsPerSecond()),
                latency == null ? "-" : number(latency.p50()), latency == null ? "-" : number(latency.p95()),
                latency == null ? "-" : number(latency.p99()), latency == null ? "-" : number(latency.max()),
                statuses(s.statusCounts())});
        }
        int[] widths = new int[HEADINGS.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder table = new StringBuilder();
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                // text columns to the left, numbers to the right
                boolean text = i == 0 || i == row.length - 1;
                String cell = text ? pad(row[i], widths[i], true) : pad(row[i], widths[i], false);
                table.append(i == 0 ? "" : "  ").append(i == row.length - 1 ? cell.stripTrailing() : cell);
            }
            table.append('\n');
        }
        return table.toString();
    }

    private static String statuses(Map<String, Long> counts) {
        if (counts.isEmpty()) {
            return "-";
        }
        StringBuilder all = new StringBuilder();
        counts.forEach((status, count) -> all.append(all.length() == 0 ? "" : " ").append(status).append(':')
                .append(count));
        return all.toString();
    }

    private static String number(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static String pad(String cell, int width, boolean left) {
        String space = " ".repeat(width - cell.length());
        return left ? cell + space : space + cell;
    }
}
