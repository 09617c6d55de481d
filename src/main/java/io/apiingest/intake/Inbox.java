package io.apiingest.intake;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.apiingest.metrics.IngestMetrics;
import io.apiingest.flow.Causes;
import io.apiingest.flow.FileNames;
import io.apiingest.flow.IncompleteInputException;
import io.apiingest.flow.StopSignal;
import io.apiingest.settings.IngestSettings;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inbox's rules: which files the intake takes, and where a dropped file goes when it is done with:
 * {@code .done/} once its summary is written; {@code .error/} (with a {@code NAME.reason.txt} beside it) when it
 * cannot be read as URLs; nowhere when its run was stopped or could not write its results: it stays, and a later
 * run resumes it.
 */
public final class Inbox implements GenericFileFilter<Object> {

    /** Exchange property read by the file consumer's {@code move} option: the name under {@code .done/}. */
    public static final String DONE_NAME = "ingestDoneName";
    public static final String DONE_DIR = ".done";
    public static final String ERROR_DIR = ".error";
    private static final long MAX_BACKOFF_MS = 60_000;

    private static final Logger LOG = LoggerFactory.getLogger(Inbox.class);

    private final IngestSettings settings;
    private final StopSignal stop;
    private final IngestMetrics metrics;
    /** Files whose run failed for a reason outside the file (e.g. disk full): not retried before the time. */
    private final Map<String, Backoff> backoff = new ConcurrentHashMap<>();
    private final Set<String> failedThisRun = ConcurrentHashMap.newKeySet();

    private record Backoff(int failures, long notBeforeMillis) {
    }

    public Inbox(IngestSettings settings, StopSignal stop, IngestMetrics metrics) {
        this.metrics = metrics;
        this.settings = settings;
        this.stop = stop;
    }

    /** The file consumer's filter. */
    @Override
    public boolean accept(GenericFile<Object> file) {
        if (file.isDirectory() || ignored(file.getFileNameOnly())) {
            return false;
        }
        Backoff wait = backoff.get(file.getFileNameOnly());
        return wait == null || System.currentTimeMillis() >= wait.notBeforeMillis();
    }

    /** Whether batch mode should still wait for this file: the intake takes it and has not failed it yet. */
    public boolean isWaiting(Path file) {
        String name = file.getFileName().toString();
        return Files.isRegularFile(file) && !ignored(name) && !failedThisRun.contains(name);
    }

    /**
     * ingest.inbox-ignore names, and hidden files (the instance lock among them) whatever that setting says: Camel's
     * file consumer never takes those, so batch mode must not wait for them.
     */
    private boolean ignored(String name) {
        return name.startsWith(".") || settings.inboxIgnore().matcher(name).matches();
    }

    /** Files this run could not finish (yet) for a reason outside the file itself. */
    public int failedThisRun() {
        return failedThisRun.size();
    }

    /**
     * Picks a name under .done/ that does not overwrite an earlier input of the same name, once it is sure that the
     * file there is still the one that was read: a new file renamed over it meanwhile (the way to drop a file)
     * would otherwise go to .done unread.
     *
     * @throws InputReplacedException when the file is another one now: it stays, and the intake takes it next
     */
    public void chooseDoneName(Exchange exchange) throws IOException {
        String name = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        GenericFile<?> read = exchange.getProperty(ExchangePropertyKey.FILE_EXCHANGE_FILE, GenericFile.class);
        if (read != null && replaced(read)) {
            throw new InputReplacedException(name);
        }
        backoff.remove(name);
        failedThisRun.remove(name);
        Path done = settings.inbox().resolve(DONE_DIR);
        String candidate = name;
        for (int n = 2; Files.exists(done.resolve(candidate)); n++) {
            candidate = FileNames.numbered(name, n);
        }
        exchange.setProperty(DONE_NAME, candidate);
    }

    /** The intake failed: reject a file that is not URLs; keep any other for a later run to resume. */
    public void failed(Exchange exchange) throws IOException {
        String name = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        UnreadableInputException unreadable = Causes.first(cause, UnreadableInputException.class);
        if (Causes.first(cause, InputReplacedException.class) != null) {
            LOG.info("{}: finished, and a new file of that name was dropped while it ran: the new one stays in the "
                    + "inbox and is taken next, into a folder of its own", name);
        } else if (unreadable != null) {
            reject(name, unreadable.getMessage());
            metrics.file("rejected");
        } else if (stop.isSet()) {
            LOG.info("{}: stopped with the application; it stays in the inbox and the next start resumes it", name);
        } else {
            IncompleteInputException incomplete = Causes.first(cause, IncompleteInputException.class);
            String reason = incomplete != null ? incomplete.getMessage() : describe(cause);
            Backoff previous = backoff.get(name);
            int failures = previous == null ? 1 : previous.failures() + 1;
            long waitMs = Math.min(MAX_BACKOFF_MS, 1000L << Math.min(failures, 16));
            backoff.put(name, new Backoff(failures, System.currentTimeMillis() + waitMs));
            failedThisRun.add(name);
            metrics.file("failed");
            LOG.error("{}: could not be finished: {}. It stays in the inbox; what is recorded is kept, and {}",
                    name, reason, settings.once() ? "the next run resumes it"
                            : "it is tried again in " + waitMs / 1000 + " s");
        }
    }

    /** The file at the read file's path is another one now: its size or date differ from what was polled. */
    private static boolean replaced(GenericFile<?> read) throws IOException {
        Path path = Path.of(read.getAbsoluteFilePath());
        if (!Files.exists(path)) {
            return false;
        }
        return Files.size(path) != read.getFileLength()
                || Files.getLastModifiedTime(path).toMillis() != read.getLastModified();
    }

    private void reject(String name, String reason) throws IOException {
        Path errors = Files.createDirectories(settings.inbox().resolve(ERROR_DIR));
        Files.writeString(errors.resolve(name + ".reason.txt"),
                name + " was not processed: " + reason + System.lineSeparator()
                        + "at " + Instant.now() + System.lineSeparator(), StandardCharsets.UTF_8);
        Path input = settings.inbox().resolve(name);
        if (Files.exists(input)) {
            Files.move(input, errors.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
        LOG.warn("{} moved to {}: {}", name, errors, reason);
    }


    private static String describe(Throwable cause) {
        if (cause == null) {
            return "unknown failure";
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }
}
