package io.apiingest.metrics;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import io.apiingest.flow.FileProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every {@code ingest.progress-interval-s}, one line per file in progress: lines done of the total, URLs per
 * second over the last interval, pages and items (with their rates) for chains of pages, errors, and the time
 * left at that speed.
 */
public final class ProgressLog implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(ProgressLog.class);

    private final Supplier<List<FileProgress>> files;
    private final long intervalNanos;
    private final Map<String, Sample> previous = new HashMap<>();

    public ProgressLog(Supplier<List<FileProgress>> files, long intervalS) {
        this.files = files;
        this.intervalNanos = intervalS * 1_000_000_000L;
    }

    /** Where a file stood at one tick: the base of the next tick's rates. */
    record Sample(long recorded, long pages, long items, long nanos) {

        Sample(long recorded, long nanos) {
            this(recorded, 0, 0, nanos);
        }
    }

    @Override
    public void run() {
        long now = System.nanoTime();
        Map<String, Sample> seen = new HashMap<>();
        for (FileProgress file : files.get()) {
            Sample last = previous.get(file.file());
            if (last == null && now - file.openedNanos() >= intervalNanos / 2) {
                // first seen, but open for a while: the first line comes one interval after the start, not two
                last = new Sample(file.recordedAtOpen(), file.openedNanos());
            }
            seen.put(file.file(), new Sample(file.recorded(), file.pages(), file.items(), now));
            if (last != null) {
                LOG.info(line(file, last, now));
            }
        }
        previous.clear();
        previous.putAll(seen);
    }

    static String line(FileProgress file, Sample last, long now) {
        double seconds = (now - last.nanos()) / 1e9;
        double urlsPerSecond = seconds > 0 ? (file.recorded() - last.recorded()) / seconds : 0;
        StringBuilder line = new StringBuilder(file.file()).append(": ");
        if (file.total() > 0) {
            long percent = Math.min(100, file.recorded() * 100 / file.total());
            line.append(String.format(Locale.ROOT, "%,d of %,d lines done (%d%%)", file.recorded(), file.total(),
                    percent));
        } else {
            line.append(String.format(Locale.ROOT, "%,d lines done", file.recorded()));
        }
        line.append(String.format(Locale.ROOT, ", %,.0f URLs/s", urlsPerSecond));
        if (file.pages() > 0) {
            line.append(String.format(Locale.ROOT, ", %,d pages (%,.0f/s)", file.pages(),
                    seconds > 0 ? (file.pages() - last.pages()) / seconds : 0));
        }
        if (file.items() > 0) {
            line.append(String.format(Locale.ROOT, ", %,d items (%,.0f/s)", file.items(),
                    seconds > 0 ? (file.items() - last.items()) / seconds : 0));
        }
        line.append(String.format(Locale.ROOT, ", %,d errors", file.failed()));
        if (file.total() > 0 && urlsPerSecond > 0) {
            long left = Math.max(0, file.total() - file.recorded());
            line.append(", ETA ").append(duration(Math.round(left / urlsPerSecond)));
        }
        return line.toString();
    }

    static String duration(long seconds) {
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", seconds / 3600, seconds % 3600 / 60);
    }
}
