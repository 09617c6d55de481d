package io.apiingest.intake;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileEndpoint;
import org.apache.camel.component.file.GenericFileExclusiveReadLockStrategy;
import org.apache.camel.component.file.GenericFileOperations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The intake's read lock: whether a file in the inbox is complete enough to read. A file is taken when its date is
 * at least {@code readLockMinAge} old (the rule of Camel's {@code changed} read lock, as before), or, sooner, when
 * nothing has changed it for {@code readLockCheckInterval} and nothing has it open for writing
 * ({@link OpenWriters}; where that cannot be known, only the first rule holds).
 * <p>
 * "Changed" is the file's status change time (ctime): every write, truncation, rename or touch sets it, and no
 * writer can set it back, so a file already quiet when it is first seen (dropped while the app was starting) is
 * taken at once. Nothing waits in the poll: a file that is not ready is looked at again by the next poll, so a slow
 * copy holds up no other file. Both times are the endpoint's own options, read when the consumer starts.
 */
public final class InboxReadLock implements GenericFileExclusiveReadLockStrategy<File> {

    private static final Logger LOG = LoggerFactory.getLogger(InboxReadLock.class);
    private static final String ATTRIBUTES = "unix:ino,ctime,lastModifiedTime";
    /** A file this new when the app starts may still be too new for the first rule when the first poll comes. */
    private static final long NEW_FILE_MS = 5_000;

    private final Path inbox;
    private final OpenWriters writers;
    private final LongSupplier clock;
    /** Until the consumer starts and sets them, nothing is taken. */
    private volatile long checkIntervalMs = Long.MAX_VALUE;
    private volatile long minAgeMs = Long.MAX_VALUE;

    /** The read lock of {@code inbox}; {@link #prepareOnStartup} sets its times from the endpoint. */
    public InboxReadLock(Path inbox) {
        this(inbox, OpenWriters.forFolder(inbox), System::currentTimeMillis);
    }

    /** For tests: the view of writers and the clock given. */
    InboxReadLock(Path inbox, OpenWriters writers, LongSupplier clock) {
        this.inbox = inbox;
        this.writers = writers;
        this.clock = clock;
    }

    /**
     * Loads what asking the kernel needs (about 0.1 s) in the background now, rather than on the first new file,
     * when one is due: {@code newFilesDue} (watch mode, the demo's files), or one of the files the intake takes
     * ({@code taken}) is in the inbox already with a date of the last few seconds.
     */
    public void prepare(boolean newFilesDue, Predicate<Path> taken) {
        if (writers.unknownBecause() == null && (newFilesDue || holdsNewFile(taken))) {
            writers.prepare();
        }
    }

    private boolean holdsNewFile(Predicate<Path> taken) {
        long now = clock.getAsLong();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(inbox, taken::test)) {
            for (Path file : files) {
                if (now - Files.getLastModifiedTime(file).toMillis() < NEW_FILE_MS) {
                    return true;
                }
            }
        } catch (IOException e) {
            LOG.debug("cannot list {}: {}", inbox, e.toString());
        }
        return false;
    }

    /** For tests, and when the consumer starts: the two rules' times. */
    void times(long checkIntervalMs, long minAgeMs) {
        this.checkIntervalMs = checkIntervalMs;
        this.minAgeMs = minAgeMs;
    }

    @Override
    public void prepareOnStartup(GenericFileOperations<File> operations, GenericFileEndpoint<File> endpoint) {
        times(endpoint.getReadLockCheckInterval(), endpoint.getReadLockMinAge());
        String unknown = writers.unknownBecause();
        if (unknown == null) {
            LOG.info("Inbox {}: a new file is taken once nothing has it open for writing and it has not changed for "
                    + "{} ms", inbox, checkIntervalMs);
        } else {
            LOG.info("Inbox {}: a new file is taken once it has not changed for {} ms; whether it is still open for "
                    + "writing cannot be asked here: {}", inbox, minAgeMs, unknown);
        }
    }

    @Override
    public boolean acquireExclusiveReadLock(GenericFileOperations<File> operations, GenericFile<File> file,
            Exchange exchange) {
        return isComplete(Path.of(file.getAbsoluteFilePath()));
    }

    /** Whether the file may be read now; false leaves it for the next poll. */
    boolean isComplete(Path file) {
        long now = clock.getAsLong();
        try {
            if (now - Files.getLastModifiedTime(file).toMillis() >= minAgeMs) {
                return true;
            }
            if (writers.unknownBecause() != null) {
                return false;
            }
            Map<String, Object> seen = Files.readAttributes(file, ATTRIBUTES);
            if (now - ((FileTime) seen.get("ctime")).toMillis() < checkIntervalMs) {
                return false;
            }
            OpenWriters.Answer writer = writers.of(file);
            if (writer == OpenWriters.Answer.OPEN) {
                LOG.trace("{}: still open for writing; taken once it is closed", file.getFileName());
            }
            return writer == OpenWriters.Answer.NONE && unchanged(file, seen);
        } catch (IOException gone) {
            return false;
        }
    }

    /** The file at the path is still the one asked about: not replaced or written while the kernel was asked. */
    private static boolean unchanged(Path file, Map<String, Object> seen) {
        try {
            return Files.readAttributes(file, ATTRIBUTES).equals(seen);
        } catch (IOException gone) {
            return false;
        }
    }

    // Nothing is held between a poll's look and the read: Camel's move to .done/ is what ends a file's turn.

    @Override
    public void releaseExclusiveReadLockOnAbort(GenericFileOperations<File> operations, GenericFile<File> file,
            Exchange exchange) {
    }

    @Override
    public void releaseExclusiveReadLockOnRollback(GenericFileOperations<File> operations, GenericFile<File> file,
            Exchange exchange) {
    }

    @Override
    public void releaseExclusiveReadLockOnCommit(GenericFileOperations<File> operations, GenericFile<File> file,
            Exchange exchange) {
    }

    // Camel sets these only on the read locks it makes itself (readLock=...); this one reads the endpoint's
    // readLockCheckInterval and readLockMinAge when the consumer starts, writes no marker files and never waits.

    @Override
    public void setTimeout(long timeout) {
    }

    @Override
    public void setCheckInterval(long checkInterval) {
    }

    @Override
    public void setReadLockLoggingLevel(LoggingLevel readLockLoggingLevel) {
    }

    @Override
    public void setMarkerFiler(boolean markerFile) {
    }

    @Override
    public void setDeleteOrphanLockFiles(boolean deleteOrphanLockFiles) {
    }
}
