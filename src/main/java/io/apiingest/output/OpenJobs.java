package io.apiingest.output;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.apiingest.flow.FetchOutcome;
import io.apiingest.flow.FetchRequest;
import io.apiingest.flow.PageEnd;
import io.apiingest.flow.FileProgress;
import io.apiingest.flow.IncompleteInputException;
import io.apiingest.flow.OutboxWriteException;

/** The jobs open now, by folder name: where collect's outcomes go, and what the progress log reports. */
final class OpenJobs {

    private final Map<String, OutboxJob> jobs = new ConcurrentHashMap<>();

    void add(String name, OutboxJob job) {
        jobs.put(name, job);
    }

    /** The open job, or null. */
    OutboxJob get(String name) {
        return jobs.get(name);
    }

    boolean isOpen(String name) {
        return jobs.containsKey(name);
    }

    /** Takes the job out: it has ended. Null when it was not open. */
    OutboxJob remove(String name) {
        return jobs.remove(name);
    }

    /** Writes one outcome into its job; a write that fails breaks the job, which then takes no more. */
    void record(FetchOutcome outcome) {
        OutboxJob job = open(outcome.job(), outcome.line());
        try {
            job.record(outcome);
        } catch (IOException e) {
            job.markBroken(e);
            throw new OutboxWriteException("cannot write to " + job.dir() + ": " + e.getMessage(), e);
        }
    }

    /** Ends an unfinished line of its job with an error record ({@link OutboxJob#endLine}). */
    void endLine(FetchRequest request, int firstPage, String error) {
        OutboxJob job = open(request.job(), request.line());
        try {
            job.endLine(request, firstPage, error);
        } catch (IOException e) {
            job.markBroken(e);
            throw new OutboxWriteException("cannot write to " + job.dir() + ": " + e.getMessage(), e);
        }
    }

    /** Journals that a page of a chain is done, in its job. */
    void pageDone(PageEnd end) {
        OutboxJob job = open(end.job(), end.line());
        try {
            job.pageDone(end);
        } catch (IOException e) {
            job.markBroken(e);
            throw new OutboxWriteException("cannot write to " + job.dir() + ": " + e.getMessage(), e);
        }
    }

    private OutboxJob open(String name, long line) {
        OutboxJob job = jobs.get(name);
        if (job == null) {
            throw new IncompleteInputException("no open outbox job '" + name + "' for line " + line
                    + ": the file's run has ended");
        }
        return job;
    }

    List<FileProgress> progress() {
        List<FileProgress> all = new ArrayList<>();
        for (OutboxJob job : jobs.values()) {
            all.add(new FileProgress(job.inputName(), job.recordedCount(), job.failedCount(), job.totalLines(),
                    job.openedNanos(), job.recordedAtOpen(), job.pagesCount(), job.itemsCount()));
        }
        return all;
    }
}
