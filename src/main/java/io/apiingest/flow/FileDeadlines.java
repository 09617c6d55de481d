package io.apiingest.flow;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code ingest.file-deadline-s}: how long one input file may take in a run, from the moment its output opens.
 * The output side starts and ends a file's clock; fetch asks whether it has passed before every attempt and
 * item, and caps every retry's wait at it, so that once it passes nothing waits and every unfinished line of
 * the file gets its error record at once. Over Kafka, the intake's clock decides: each request tells a worker the
 * instant its file's deadline passes ({@link #passesAt}), and the worker keeps to it ({@link #told}).
 */
public final class FileDeadlines {

    /** The error of a line, page or item the deadline ended. */
    public static final String EXCEEDED = "deadline exceeded";

    private final long lengthNanos;
    private final Map<String, Long> passesAtNanos = new ConcurrentHashMap<>();
    /** The deadlines other processes' requests told (a worker's), whatever this process's own setting. */
    private final Map<String, Long> toldNanos = new ConcurrentHashMap<>();

    /** @param seconds the deadline of each file; 0 for none */
    public FileDeadlines(long seconds) {
        this.lengthNanos = TimeUnit.SECONDS.toNanos(seconds);
    }

    public boolean enabled() {
        return lengthNanos > 0;
    }

    /** The job's clock starts now; what another process told of a job of that name goes (this one's files are its own). */
    public void start(String job) {
        toldNanos.remove(job);
        if (enabled()) {
            passesAtNanos.put(job, System.nanoTime() + lengthNanos);
        }
    }

    /** The job has ended: its clock goes. */
    public void end(String job) {
        passesAtNanos.remove(job);
        toldNanos.remove(job);
    }

    /**
     * What a request of the job said of its deadline: the wall-clock instant it passes (epoch milliseconds), or
     * null for none. The latest request of a job decides (a file of the same name later may have another).
     */
    public void told(String job, Long passesAtEpochMs) {
        if (passesAtEpochMs == null) {
            toldNanos.remove(job);
        } else {
            toldNanos.put(job, System.nanoTime()
                    + TimeUnit.MILLISECONDS.toNanos(passesAtEpochMs - System.currentTimeMillis()));
        }
    }

    /** The wall-clock instant (epoch milliseconds) the job's deadline passes, for another process; null for none. */
    public Long passesAt(String job) {
        Long at = passesAtNanos.get(job);
        return at == null ? null : System.currentTimeMillis() + TimeUnit.NANOSECONDS.toMillis(at - System.nanoTime());
    }

    public boolean passed(String job) {
        Long at = passesAtNanos(job);
        return at != null && System.nanoTime() - at >= 0;
    }

    /** Milliseconds until the job's deadline passes (0 once it has); {@link Long#MAX_VALUE} without one. */
    public long remainingMs(String job) {
        Long at = passesAtNanos(job);
        if (at == null) {
            return Long.MAX_VALUE;
        }
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(at - System.nanoTime()));
    }

    /** The earlier of the job's own deadline and the one told, or null for none. */
    private Long passesAtNanos(String job) {
        Long own = passesAtNanos.get(job);
        Long told = toldNanos.isEmpty() ? null : toldNanos.get(job);
        if (own == null || told == null) {
            return own == null ? told : own;
        }
        return own - told <= 0 ? own : told;
    }
}
