package io.apiingest.flow;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code ingest.file-deadline-s}: how long one input file may take in a run, from the moment its output opens.
 * The output side starts and ends a file's clock; fetch asks whether it has passed before every attempt and
 * item, and caps every retry's wait at it, so that once it passes nothing waits and every unfinished line of
 * the file gets its error record at once.
 */
public final class FileDeadlines {

    /** The error of a line, page or item the deadline ended. */
    public static final String EXCEEDED = "deadline exceeded";

    private final long lengthNanos;
    private final Map<String, Long> passesAtNanos = new ConcurrentHashMap<>();

    /** @param seconds the deadline of each file; 0 for none */
    public FileDeadlines(long seconds) {
        this.lengthNanos = TimeUnit.SECONDS.toNanos(seconds);
    }

    public boolean enabled() {
        return lengthNanos > 0;
    }

    /** The job's clock starts now. */
    public void start(String job) {
        if (enabled()) {
            passesAtNanos.put(job, System.nanoTime() + lengthNanos);
        }
    }

    /** The job has ended: its clock goes. */
    public void end(String job) {
        passesAtNanos.remove(job);
    }

    public boolean passed(String job) {
        Long at = enabled() ? passesAtNanos.get(job) : null;
        return at != null && System.nanoTime() - at >= 0;
    }

    /** Milliseconds until the job's deadline passes (0 once it has); {@link Long#MAX_VALUE} without one. */
    public long remainingMs(String job) {
        Long at = enabled() ? passesAtNanos.get(job) : null;
        if (at == null) {
            return Long.MAX_VALUE;
        }
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(at - System.nanoTime()));
    }
}
