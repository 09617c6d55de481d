package io.apiingest.cluster;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.apiingest.flow.FetchRequest;

/**
 * {@code ingest.kafka.max-in-flight-lines}: lines the intake has published whose last result it has not yet
 * recorded. The split waits once that many are out, so a 50-million-line file is not published ahead of the
 * workers: the topic and the intake's memory stay bounded. A line counts once, however often its results come
 * (a redelivered request, a restarted intake). Each line's request is kept as its records show it (no headers or
 * body), for the intake to end the line itself when its file's deadline passes ({@link OverdueLines}).
 */
final class LinesInFlight {

    private final Semaphore permits;
    /** By job, by line: the published lines' requests. */
    private final Map<String, Map<Long, FetchRequest>> out = new ConcurrentHashMap<>();

    LinesInFlight(int max) {
        this.permits = new Semaphore(max);
    }

    /** @return false when {@code giveUp} said so before a place was free (a stop, a deadline passed) */
    boolean publish(FetchRequest request, BooleanSupplier giveUp) throws InterruptedException {
        Map<Long, FetchRequest> lines = out.get(request.job());
        if (lines != null && lines.containsKey(request.line())) {
            return true; // published again (a resumed chain): it holds its place already
        }
        while (!permits.tryAcquire(100, TimeUnit.MILLISECONDS)) {
            if (giveUp.getAsBoolean()) {
                return false;
            }
        }
        FetchRequest kept = new FetchRequest(request.job(), request.line(), request.method(), null, request.url(),
                null, null, request.id(), request.meta(), request.defect(), request.resume(), request.paginate());
        boolean[] added = new boolean[1];
        out.compute(request.job(), (job, held) -> {
            Map<Long, FetchRequest> now = held == null ? new ConcurrentHashMap<>() : held;
            added[0] = now.putIfAbsent(request.line(), kept) == null;
            return now;
        });
        if (!added[0]) {
            permits.release();
        }
        return true;
    }

    /** The line's last result is recorded: its place is free. */
    void recorded(String job, long line) {
        boolean[] removed = new boolean[1];
        out.computeIfPresent(job, (j, held) -> {
            removed[0] = held.remove(line) != null;
            return held.isEmpty() ? null : held;
        });
        if (removed[0]) {
            permits.release();
        }
    }

    /** The jobs with lines out. */
    Set<String> jobs() {
        return Set.copyOf(out.keySet());
    }

    /** The job's lines out now: their requests, as their records show them. */
    List<FetchRequest> outOf(String job) {
        Map<Long, FetchRequest> held = out.get(job);
        return held == null ? List.of() : List.copyOf(held.values());
    }
}
