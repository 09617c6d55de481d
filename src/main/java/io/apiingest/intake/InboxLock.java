package io.apiingest.intake;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

import io.apiingest.settings.InvalidSettingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running api-ingest per inbox. Two would take the same file (the intake's read lock only waits for a file to
 * stop changing) and append to the same output folder, e.g. a cron job started again while the last run is still
 * busy. The lock is the operating system's lock on {@code .api-ingest.lock} in the inbox: it goes with the process,
 * so a crash leaves nothing to clean up, and the file (ignored by the intake, like every dot-file) says who holds it.
 */
public final class InboxLock implements AutoCloseable {

    static final String FILE_NAME = ".api-ingest.lock";

    private static final Logger LOG = LoggerFactory.getLogger(InboxLock.class);

    private final FileChannel channel;
    private final FileLock lock;

    private InboxLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the inbox for this process, or stops start-up when another one has it.
     *
     * @return the lock, held until {@link #close()} or the end of the process; null when the file system offers no locks (a warning says so)
     * @throws InvalidSettingException naming {@code ingest.inbox} when another api-ingest holds it
     */
    public static InboxLock acquire(Path inbox) {
        Path file = inbox.resolve(FILE_NAME);
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new InvalidSettingException("ingest.inbox: cannot create " + file + ": " + e);
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException heldInThisProcess) {
            lock = null;
        } catch (IOException noLocks) {
            // some network file systems: run unguarded rather than not at all
            LOG.warn("ingest.inbox: cannot lock {} ({}): nothing stops a second api-ingest from taking the same "
                    + "files; run one instance per inbox", file, noLocks.toString());
            close(channel);
            return null;
        }
        if (lock == null) {
            String holder = holder(file);
            close(channel);
            throw new InvalidSettingException("ingest.inbox: " + inbox + " is in use by another api-ingest ("
                    + holder + "). One instance per inbox: wait for it to finish, stop it, or give this one "
                    + "another ingest.inbox");
        }
        try {
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + ", since " + Instant.now() + "\n")
                    .getBytes(StandardCharsets.UTF_8)), 0);
        } catch (IOException e) {
            LOG.debug("cannot write the holder into {}: {}", file, e.toString());
        }
        return new InboxLock(channel, lock);
    }

    private static String holder(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? "starting" : text;
        } catch (IOException e) {
            return "holder unknown";
        }
    }

    /** Lets the inbox go. The file stays: deleting it would race a newcomer that has just opened it. */
    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            LOG.debug("releasing the inbox lock: {}", e.toString());
        }
        close(channel);
    }

    private static void close(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing releases the lock either way
        }
    }
}
