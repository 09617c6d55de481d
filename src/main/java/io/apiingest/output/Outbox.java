package io.apiingest.output;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.apiingest.intake.InputLines;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox: one folder per input file ({@code outbox/NAME/}, or {@code NAME-2}, … when that name was used
 * before), holding part files, errors.jsonl and, last, _SUMMARY.json.
 */
public final class Outbox {

    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);

    private final Path root;
    private final int batchSize;
    private final ObjectWriter json;
    private final Map<String, OutboxJob> jobs = new ConcurrentHashMap<>();

    public Outbox(Path root, int batchSize, ObjectMapper mapper) {
        this.root = root;
        this.batchSize = batchSize;
        this.json = mapper.writer();
    }

    /** Creates the output folder for the file on the exchange and names the job after it. */
    public void open(Exchange exchange) throws IOException {
        String inputName = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        Files.createDirectories(root);
        String stem = stem(inputName);
        Path dir;
        for (int n = 1; ; n++) {
            dir = root.resolve(n == 1 ? stem : stem + "-" + n);
            try {
                Files.createDirectory(dir);
                break;
            } catch (FileAlreadyExistsException taken) {
                // that name holds an earlier run: never mix results, try the next one
            }
        }
        String job = dir.getFileName().toString();
        jobs.put(job, new OutboxJob(inputName, dir, batchSize, json));
        exchange.setProperty(InputLines.JOB, job);
        LOG.info("{}: started, results go to {}", inputName, dir);
    }

    /** The collect route's step: writes one outcome into its job's files. */
    public void record(FetchOutcome outcome) throws IOException {
        OutboxJob job = jobs.get(outcome.job());
        if (job == null) {
            throw new IllegalStateException("no open outbox job '" + outcome.job() + "' for line " + outcome.line());
        }
        job.record(outcome);
    }

    /** Told by the intake once the whole input is read: how many URL lines the job will record. */
    public void expect(String job, long urlLines) {
        jobs.get(job).expect(urlLines);
    }

    /** Writes the summary once every URL line of the file is recorded. */
    public void finish(Exchange exchange) throws IOException {
        String jobName = exchange.getProperty(InputLines.JOB, String.class);
        OutboxJob job = jobs.remove(jobName);
        FileSummary summary = job.finish();
        LOG.info("{}: finished, {} URLs: {} succeeded, {} failed, in {} ms -> {}", summary.file(), summary.total(),
                summary.succeeded(), summary.failed(), summary.durationMs(), job.dir());
    }

    /** After a failure: closes the job's files and leaves its folder without a summary. */
    public void abandon(Exchange exchange) {
        String jobName = exchange.getProperty(InputLines.JOB, String.class);
        OutboxJob job = jobName == null ? null : jobs.remove(jobName);
        if (job != null) {
            job.abandon();
        }
    }

    static String stem(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }
}
