package io.apiingest.output;

import java.io.File;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongPredicate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.apiingest.flow.FetchOutcome;
import io.apiingest.flow.FileNames;
import io.apiingest.flow.FileProgress;
import io.apiingest.flow.IncompleteInputException;
import io.apiingest.flow.Ledger;
import io.apiingest.flow.OutboxWriteException;
import io.apiingest.metrics.IngestMetrics;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox: one folder per input file ({@code outbox/NAME/}, or {@code NAME-2}, … when that name holds an
 * earlier, finished run), holding part files, errors.jsonl and, last, _SUMMARY.json. A folder without a summary
 * is unfinished work: when the same input comes again, it is resumed.
 */
public final class Outbox implements Ledger {

    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);

    private final Path root;
    private final int batchSize;
    private final ObjectMapper mapper;
    private final ObjectWriter json;
    private final IngestMetrics metrics;
    private final Map<String, OutboxJob> jobs = new ConcurrentHashMap<>();
    /** Kept only in batch mode, for the report at the end; a long-running service would grow it forever. */
    private final List<FileSummary> finished;

    public Outbox(Path root, int batchSize, ObjectMapper mapper, IngestMetrics metrics, boolean keepSummaries) {
        this.finished = keepSummaries ? Collections.synchronizedList(new ArrayList<>()) : null;
        this.root = root;
        this.batchSize = batchSize;
        this.mapper = mapper;
        this.json = mapper.writer();
        this.metrics = metrics;
    }

    /** Opens the output folder for the file on the exchange (a new one, or the unfinished one to resume). */
    public void open(Exchange exchange) throws IOException {
        String inputName = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        Path inputFile = exchange.getMessage().getBody(File.class).toPath();
        InputIdentity input = InputIdentity.of(inputFile, inputName);
        OutboxJob job;
        try {
            job = openJob(input, metrics.forFile(inputName));
        } catch (IOException e) {
            throw new OutboxWriteException("cannot open an output folder in " + root + ": " + e, e);
        }
        String name = job.dir().getFileName().toString();
        jobs.put(name, job);
        exchange.setProperty(FileNames.JOB, name);
        if (job.recordedCount() > 0) {
            LOG.info("{}: resuming in {}, {} lines already recorded", inputName, job.dir(), job.recordedCount());
        } else {
            LOG.info("{}: started, results go to {}", inputName, job.dir());
        }
    }

    private OutboxJob openJob(InputIdentity input, IngestMetrics.FileMeters meters) throws IOException {
        Files.createDirectories(root);
        String stem = FileNames.stem(input.file());
        for (int n = 1; ; n++) {
            Path dir = root.resolve(FileNames.numbered(stem, n));
            try {
                Files.createDirectory(dir);
                return OutboxJob.create(dir, input, batchSize, json, meters);
            } catch (FileAlreadyExistsException taken) {
                Path identity = dir.resolve(InputIdentity.FILE_NAME);
                if (!Files.exists(dir.resolve(OutboxJob.SUMMARY)) && Files.exists(identity)) {
                    InputIdentity earlier = mapper.readValue(identity.toFile(), InputIdentity.class);
                    if (earlier.sameInputAs(input) && !jobs.containsKey(dir.getFileName().toString())) {
                        return OutboxJob.resume(dir, earlier, batchSize, json, meters);
                    }
                    if (!earlier.sameInputAs(input) && earlier.file().equals(input.file())) {
                        LOG.warn("{}: {} holds an unfinished run of an earlier {} (its size or date differ): "
                                + "that folder is left as it is, and this file starts afresh", input.file(), dir,
                                input.file());
                    }
                }
                // a finished run, or another input's: never mix results, try the next name
            }
        }
    }

    @Override
    public LongPredicate alreadyRecorded(String job) {
        OutboxJob open = jobs.get(job);
        return open.recordedCount() == 0 ? line -> false : open::isRecorded;
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
        List<FileProgress> all = new ArrayList<>();
        for (OutboxJob job : jobs.values()) {
            all.add(new FileProgress(job.inputName(), job.recordedCount(), job.failedCount(), job.totalLines(),
                    job.openedNanos(), job.recordedAtOpen()));
        }
        return all;
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

    /** The collect step: writes one outcome into its job's files. */
    public void record(FetchOutcome outcome) {
        OutboxJob job = jobs.get(outcome.job());
        if (job == null) {
            throw new IncompleteInputException("no open outbox job '" + outcome.job() + "' for line "
                    + outcome.line() + ": the file's run has ended");
        }
        try {
            job.record(outcome);
        } catch (IOException e) {
            job.markBroken(e);
            throw new OutboxWriteException("cannot write to " + job.dir() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void expect(String job, long urlLines) {
        jobs.get(job).expect(urlLines);
    }

    /** Writes the summary once every URL line of the file is recorded. */
    public void finish(Exchange exchange) throws IOException {
        String jobName = exchange.getProperty(FileNames.JOB, String.class);
        OutboxJob job = jobs.get(jobName);
        if (job.isBroken()) {
            // the fetch threads saw the write fail and stopped the reading; the file fails here, in the intake,
            // whose failure handling keeps it in the inbox and the folder for the next try to resume
            throw new OutboxWriteException("cannot write to " + job.dir() + ": " + job.brokenBy().getMessage(),
                    job.brokenBy());
        }
        FileSummary summary;
        try {
            summary = job.finish();
        } catch (IOException e) {
            throw new OutboxWriteException("cannot complete " + job.dir() + ": " + e.getMessage(), e);
        }
        jobs.remove(jobName);
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
        if (job != null) {
            job.abandon();
        }
    }

}
