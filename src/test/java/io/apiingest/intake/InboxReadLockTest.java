package io.apiingest.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.FileOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When a file in the inbox may be read, on a clock the test sets: each step says how long after the file's last
 * change (its ctime, which only the kernel sets) the intake looks at it.
 */
class InboxReadLockTest {

    private static final long INTERVAL_MS = 100;
    private static final long MIN_AGE_MS = 1000;

    @TempDir
    Path inbox;

    private final AtomicLong now = new AtomicLong();

    private InboxReadLock readLock(OpenWriters writers) {
        InboxReadLock readLock = new InboxReadLock(inbox, writers, now::get);
        readLock.times(INTERVAL_MS, MIN_AGE_MS);
        return readLock;
    }

    private OpenWriters kernel() {
        OpenWriters writers = OpenWriters.forFolder(inbox);
        assumeTrue(writers.unknownBecause() == null, "writers cannot be asked here: " + writers.unknownBecause());
        return writers;
    }

    /** Sets the clock to {@code ms} after the file's last change. */
    private void afterChange(Path file, long ms) throws Exception {
        now.set(((FileTime) Files.getAttribute(file, "unix:ctime")).toMillis() + ms);
    }

    private Path write(String name, String content) throws Exception {
        return Files.writeString(inbox.resolve(name), content, StandardCharsets.UTF_8);
    }

    @Test
    void should_take_a_file_whose_date_is_old_enough_at_first_sight_as_before() throws Exception {
        Path old = write("old.txt", "a\n");
        Files.setLastModifiedTime(old, FileTime.from(Instant.now().minusSeconds(5)));
        now.set(System.currentTimeMillis());

        assertThat(readLock(new OpenWriters("not asked")).isComplete(old)).isTrue();
    }

    @Test
    void should_take_a_new_closed_file_once_nothing_has_changed_it_for_the_check_interval() throws Exception {
        InboxReadLock readLock = readLock(kernel());
        Path fresh = write("new.txt", "a\n");

        afterChange(fresh, 0);
        assertThat(readLock.isComplete(fresh)).as("just written").isFalse();
        afterChange(fresh, INTERVAL_MS - 1);
        assertThat(readLock.isComplete(fresh)).as("quiet, but not for a whole interval yet").isFalse();
        afterChange(fresh, INTERVAL_MS);
        assertThat(readLock.isComplete(fresh)).as("quiet for the interval, and closed").isTrue();
    }

    @Test
    void should_count_the_interval_from_the_last_write() throws Exception {
        InboxReadLock readLock = readLock(kernel());
        Path growing = write("growing.txt", "a\n");
        Files.writeString(growing, "b\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        afterChange(growing, INTERVAL_MS / 2);
        assertThat(readLock.isComplete(growing)).as("half an interval after the second line").isFalse();
        afterChange(growing, INTERVAL_MS);
        assertThat(readLock.isComplete(growing)).isTrue();
    }

    @Test
    void should_not_take_a_quiet_file_that_is_open_for_writing_until_it_is_closed() throws Exception {
        InboxReadLock readLock = readLock(kernel());
        Path written = write("written.txt", "");
        try (OutputStream out = new FileOutputStream(written.toFile(), true)) {
            out.write("a\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            afterChange(written, MIN_AGE_MS / 2);
            assertThat(readLock.isComplete(written)).as("quiet for half a second, but open").isFalse();
        }
        assertThat(readLock.isComplete(written)).as("closed, and quiet").isTrue();
    }

    @Test
    void should_wait_for_the_date_to_age_where_writers_cannot_be_seen() throws Exception {
        InboxReadLock readLock = readLock(new OpenWriters("a network file system"));
        Path fresh = write("new.txt", "a\n");

        afterChange(fresh, MIN_AGE_MS - 1);
        assertThat(readLock.isComplete(fresh)).as("quiet, but its writer may still have it open").isFalse();
        afterChange(fresh, MIN_AGE_MS);
        assertThat(readLock.isComplete(fresh)).as("its date is old enough").isTrue();
    }

    @Test
    void should_not_take_a_file_that_is_gone() {
        now.set(System.currentTimeMillis());

        assertThat(readLock(new OpenWriters("not asked")).isComplete(inbox.resolve("gone.txt"))).isFalse();
    }

    @Test
    void should_take_nothing_before_the_consumer_has_set_the_times() throws Exception {
        Path old = write("old.txt", "a\n");
        Files.setLastModifiedTime(old, FileTime.from(Instant.now().minusSeconds(5)));
        now.set(System.currentTimeMillis());

        assertThat(new InboxReadLock(inbox, new OpenWriters("not asked"), now::get).isComplete(old)).isFalse();
    }
}
