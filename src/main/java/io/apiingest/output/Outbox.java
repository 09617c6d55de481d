package io.apiingest.output;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.LongFunction;
import java.util.function.LongPredicate;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.apiingest.flow.BeanNames;
import io.apiingest.flow.ChainResume;
import io.apiingest.flow.FetchOutcome;
import io.apiingest.flow.FetchRequest;
import io.apiingest.flow.FileDeadlines;
import io.apiingest.flow.OriginTally;
import io.apiingest.flow.PageEnd;
import io.apiingest.flow.FileNames;
import io.apiingest.flow.FileProgress;
import io.apiingest.flow.Ledger;
import io.apiingest.flow.OutboxWriteException;
import io.apiingest.metrics.IngestMetrics;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox, the bean the intake route calls: one folder per input file ({@code outbox/NAME/}, see
 * {@link JobFolders}), holding the records its sink writes and, last, _SUMMARY.json. A folder without a summary
 * is unfinished work: when the same input comes again, it is resumed. Each file's ledger decides when its summary
 * is written; the outbox keeps the open jobs and, in batch mode, the summaries for the report.
 */
public final class Outbox implements Ledger {

    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);

    private final JobFolders folders;
    private volatile boolean recordsFromElsewhere;
    private final IngestMetrics metrics;
    private final OpenJobs jobs = new OpenJobs();
    /** Kept only in batch mode, for the report at the end; a long-running service would grow it forever. */
    private final List<FileSummary> finished;
    /** Each file's clock starts when its job opens, and stops when it ends. */
    private final FileDeadlines deadlines;
    /** What each origin was asked for each file, and how it answered: the summary's origins. */
    private final OriginTally origins;

    public Outbox(Path root, int batchSize, ObjectMapper mapper, IngestMetrics metrics, boolean keepSummaries) {
        this(root, batchSize, mapper, metrics, keepSummaries, new FileDeadlines(0), new OriginTally());
    }

    public Outbox(Path root, int batchSize, ObjectMapper mapper, IngestMetrics metrics, boolean keepSummaries,
            FileDeadlines deadlines, OriginTally origins) {
        this(root, dir -> new JsonLinesSink(dir, batchSize, mapper.getFactory()), mapper, metrics, keepSummaries,
                deadlines, origins);
    }

    public Outbox(Path root, RecordSink.Factory sinks, ObjectMapper mapper, IngestMetrics metrics,
            boolean keepSummaries) {
        this(root, sinks, mapper, metrics, keepSummaries, new FileDeadlines(0), new OriginTally());
    }

    public Outbox(Path root, RecordSink.Factory sinks, ObjectMapper mapper, IngestMetrics metrics,
            boolean keepSummaries, FileDeadlines deadlines, OriginTally origins) {
        this.deadlines = deadlines;
        this.origins = origins;
        this.finished = keepSummaries ? Collections.synchronizedList(new ArrayList<>()) : null;
        this.folders = new JobFolders(root, mapper, sinks);
        this.metrics = metrics;
    }

    /**
     * Records come from elsewhere (ingest.mode intake or all: the results topic): a file is complete when every line
     * of it is recorded, not when its split has handed every request off.
     */
    public void recordsComeFromElsewhere() {
        recordsFromElsewhere = true;
    }

    /** Opens the output folder for the file on the exchange (a new one, or the unfinished one to resume). */
    public void open(Exchange exchange) throws IOException {
        String inputName = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        Path inputFile = exchange.getMessage().getBody(File.class).toPath();
        InputIdentity input = InputIdentity.of(inputFile, inputName);
        OutboxJob job;
        try {
            job = folders.open(input, metrics.forFile(inputName), jobs::isOpen);
        } catch (IOException e) {
            throw new OutboxWriteException("cannot open an output folder in " + folders.root() + ": " + e, e);
        }
        String name = job.dir().getFileName().toString();
        jobs.add(name, job);
        exchange.setProperty(FileNames.JOB, name);
        deadlines.start(name);
        origins.open(name);
        if (job.recordedCount() > 0) {
            LOG.info("{}: resuming in {}, {} lines already recorded", inputName, job.dir(), job.recordedCount());
        } else {
            LOG.info("{}: started, results go to {}", inputName, job.dir());
        }
    }

    @Override
    public LongPredicate alreadyRecorded(String job) {
        OutboxJob open = jobs.get(job);
        return open.recordedCount() == 0 ? line -> false : open::isFinished;
    }

    @Override
    public LongFunction<ChainResume> chainsToResume(String job) {
        OutboxJob open = jobs.get(job);
        return open.recordedCount() == 0 && !open.hasChains() ? line -> null : open::nextPage;
    }

    @Override
    public Runnable onEachRequest(String job) {
        return jobs.get(job).meters()::lineRead;
    }

    @Override
    public void estimate(String job, long urlLines) {
        OutboxJob open = jobs.get(job);
        if (open != null) {
            open.estimate(urlLines);
        }
    }

    /** The files in progress now. */
    public List<FileProgress> progress() {
        return jobs.progress();
    }

    /** The summaries of the files this run finished, in order: the batch-mode report. */
    public List<FileSummary> finishedThisRun() {
        if (finished == null) {
            return List.of();
        }
        synchronized (finished) {
            return List.copyOf(finished);
        }
    }

    @Override
    public boolean isBroken(String job) {
        OutboxJob open = jobs.get(job);
        return open == null || open.isBroken();
    }

    /** The collect step: writes one outcome into its job's sink and notes it in the job's ledger. */
    public void record(FetchOutcome outcome) {
        jobs.record(outcome);
    }

    @Override
    public void endLine(FetchRequest request, int firstPage, String error) {
        jobs.endLine(request, firstPage, error);
    }

    /** The collect step after a page of a chain: journals it, and the line goes on or is finished. */
    public void pageDone(PageEnd end) {
        jobs.pageDone(end);
    }

    @Override
    public void expect(String job, long urlLines) {
        jobs.get(job).expect(urlLines);
    }

    /** Writes the summary once the file's ledger says it is complete: every line of it finished. */
    public void finish(Exchange exchange) throws IOException {
        String jobName = exchange.getProperty(FileNames.JOB, String.class);
        OutboxJob job = jobs.get(jobName);
        if (job.isBroken()) {
            // the fetch threads saw the write fail and stopped the reading; the file fails here, in the intake,
            // whose failure handling keeps it in the inbox and the folder for the next try to resume
            throw new OutboxWriteException("cannot write to " + job.dir() + ": " + job.brokenBy().getMessage(),
                    job.brokenBy());
        }
        // the split has handed out every line, but paginated chains may still be on their way: their pages come
        // back through the fetch route, and the file completes when the last chain has ended. On a stop, no new
        // page starts, but one in flight finishes and keeps its record: the wait ends when none is left in flight
        CamelContext context = exchange.getContext();
        job.awaitLines(recordsFromElsewhere, () -> (context.isStopping() || context.isStopped())
                && context.getInflightRepository().size(BeanNames.FETCH_ROUTE) == 0);
        FileSummary summary;
        try {
            summary = job.finish(deadlines.passed(jobName), origins.take(jobName));
        } catch (IOException e) {
            throw new OutboxWriteException("cannot complete " + job.dir() + ": " + e.getMessage(), e);
        }
        jobs.remove(jobName);
        deadlines.end(jobName);
        if (finished != null) {
            finished.add(summary);
        }
        metrics.file("done");
        LOG.info("{}: finished, {} URLs: {} succeeded, {} failed, in {} ms -> {}", summary.file(), summary.total(),
                summary.succeeded(), summary.failed(), summary.durationMs(), job.dir());
    }

    /** After a stop or a failure: closes the job's files and leaves its folder, without a summary, to resume. */
    public void abandon(Exchange exchange) {
        String jobName = exchange.getProperty(FileNames.JOB, String.class);
        OutboxJob job = jobName == null ? null : jobs.remove(jobName);
        if (jobName != null) {
            deadlines.end(jobName);
            origins.drop(jobName);
        }
        if (job != null) {
            job.abandon();
        }
    }

}
