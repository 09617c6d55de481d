package io.apiingest.flow;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToDoubleFunction;

/**
 * Per input file, what each origin was asked and how it answered, for the summary: fetch counts every request
 * sent and every 429 or 503, the output side takes the figures when the file is done, with each origin's pace then.
 * Counts this run's requests (a resumed file's earlier runs are not in them).
 */
public final class OriginTally {

    /** An origin's figures in one file: requests sent, 429 and 503 answers (throttled), and its pace at the end (null: none of its own). */
    public record Figures(long requests, long throttled, Double pace) {
    }

    private final Map<String, Map<String, LongAdder[]>> byJob = new ConcurrentHashMap<>();
    private volatile ToDoubleFunction<String> paceOf = origin -> Double.POSITIVE_INFINITY;

    /** Where an origin's pace now is read from (requests per second; infinite for none). */
    public void paceFrom(ToDoubleFunction<String> source) {
        this.paceOf = source;
    }

    /** A request of the job went to the origin and got this status (0 for none). */
    public void count(String job, String origin, int status) {
        LongAdder[] counts = byJob.computeIfAbsent(job, j -> new ConcurrentHashMap<>())
                .computeIfAbsent(origin, o -> new LongAdder[] {new LongAdder(), new LongAdder()});
        counts[0].increment();
        if (status == 429 || status == 503) {
            counts[1].increment();
        }
    }

    /** The job's figures by origin, taken out: the job is done. */
    public Map<String, Figures> take(String job) {
        Map<String, LongAdder[]> counts = byJob.remove(job);
        Map<String, Figures> figures = new TreeMap<>();
        if (counts != null) {
            counts.forEach((origin, c) -> {
                double pace = paceOf.applyAsDouble(origin);
                figures.put(origin, new Figures(c[0].sum(), c[1].sum(),
                        Double.isInfinite(pace) ? null : Math.round(pace * 10) / 10.0));
            });
        }
        return figures;
    }

    /** Forgets the job's figures (it stopped without a summary). */
    public void drop(String job) {
        byJob.remove(job);
    }
}
