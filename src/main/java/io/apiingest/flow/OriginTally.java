package io.apiingest.flow;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToDoubleFunction;

/**
 * Per input file, what each origin was asked and how it answered, for the summary: fetch counts every request
 * sent and every 429 or 503, the output side takes the figures when the file is done, with each origin's pace then.
 * Counts this run's requests (a resumed file's earlier runs are not in them). Over Kafka, a worker's fetch counts
 * and each result it publishes carries the counts since its last one ({@link #drain}); the intake adds them up
 * ({@link #add}).
 */
public final class OriginTally {

    /** An origin's figures in one file: requests sent, 429 and 503 answers (throttled), and its pace at the end (null: none of its own). */
    public record Figures(long requests, long throttled, Double pace) {
    }

    /** One origin's counts in one file, and the pace a worker last reported for it (null: none reported). */
    private static final class Counts {
        final LongAdder requests = new LongAdder();
        final LongAdder throttled = new LongAdder();
        volatile Double reportedPace;
    }

    private final Map<String, Map<String, Counts>> byJob = new ConcurrentHashMap<>();
    private volatile ToDoubleFunction<String> paceOf = origin -> Double.POSITIVE_INFINITY;

    /** Where an origin's pace now is read from (requests per second; infinite for none). */
    public void paceFrom(ToDoubleFunction<String> source) {
        this.paceOf = source;
    }

    /** The job's output is open: figures from elsewhere ({@link #add}) are taken for it from now on. */
    public void open(String job) {
        byJob.computeIfAbsent(job, j -> new ConcurrentHashMap<>());
    }

    /** A request of the job went to the origin and got this status (0 for none). */
    public void count(String job, String origin, int status) {
        Counts counts = countsOf(byJob.computeIfAbsent(job, j -> new ConcurrentHashMap<>()), origin);
        counts.requests.increment();
        if (status == 429 || status == 503) {
            counts.throttled.increment();
        }
    }

    /**
     * The job's counts since the last drain, by origin, each with its pace now (null: none of its own); the counts
     * start again from zero. What a worker sends along with a result. A count made meanwhile is in this drain or the
     * next, never lost.
     */
    public Map<String, Figures> drain(String job) {
        Map<String, Counts> counts = byJob.get(job);
        if (counts == null) {
            return Map.of();
        }
        Map<String, Figures> figures = new TreeMap<>();
        counts.forEach((origin, c) -> {
            long requests = c.requests.sumThenReset();
            long throttled = c.throttled.sumThenReset();
            if (requests != 0 || throttled != 0) {
                double pace = paceOf.applyAsDouble(origin);
                figures.put(origin, new Figures(requests, throttled, Double.isInfinite(pace) ? null : pace));
            }
        });
        return figures;
    }

    /**
     * Counts made elsewhere (a worker's, as its result carried them) for an open job: they add up, and each origin's
     * pace at the end is the last one reported (null in a figure: none of its own).
     *
     * @return false, and nothing added, when the job is not open (finished, or not yet resumed)
     */
    public boolean add(String job, Map<String, Figures> figures) {
        Map<String, Counts> counts = byJob.get(job);
        if (counts == null) {
            return false;
        }
        figures.forEach((origin, f) -> {
            Counts c = countsOf(counts, origin);
            c.requests.add(f.requests());
            c.throttled.add(f.throttled());
            c.reportedPace = f.pace() == null ? Double.POSITIVE_INFINITY : f.pace();
        });
        return true;
    }

    /** The job's figures by origin, taken out: the job is done. */
    public Map<String, Figures> take(String job) {
        Map<String, Counts> counts = byJob.remove(job);
        Map<String, Figures> figures = new TreeMap<>();
        if (counts != null) {
            counts.forEach((origin, c) -> {
                double pace = c.reportedPace != null ? c.reportedPace : paceOf.applyAsDouble(origin);
                figures.put(origin, new Figures(c.requests.sum(), c.throttled.sum(),
                        Double.isInfinite(pace) ? null : Math.round(pace * 10) / 10.0));
            });
        }
        return figures;
    }

    /** Forgets the job's figures (it stopped without a summary). */
    public void drop(String job) {
        byJob.remove(job);
    }

    private static Counts countsOf(Map<String, Counts> ofJob, String origin) {
        return ofJob.computeIfAbsent(origin, o -> new Counts());
    }
}
