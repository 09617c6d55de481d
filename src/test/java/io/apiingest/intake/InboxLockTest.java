package io.apiingest.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import io.apiingest.settings.InvalidSettingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InboxLockTest {

    @TempDir
    Path inbox;

    @Test
    void should_refuse_a_second_holder_with_a_message_naming_the_setting_and_the_holder() {
        InboxLock first = InboxLock.acquire(inbox);
        try {
            assertThatThrownBy(() -> InboxLock.acquire(inbox))
                    .isInstanceOf(InvalidSettingException.class)
                    .hasMessageStartingWith("ingest.inbox: " + inbox + " is in use by another api-ingest (pid "
                            + ProcessHandle.current().pid() + ", since ")
                    .hasMessageContaining("One instance per inbox");
        } finally {
            first.close();
        }
    }

    @Test
    void should_take_the_inbox_again_once_the_holder_has_stopped() {
        InboxLock.acquire(inbox).close();

        InboxLock again = InboxLock.acquire(inbox);
        again.close();

        assertThat(inbox.resolve(InboxLock.FILE_NAME)).as("the lock file stays: deleting it would race a newcomer")
                .exists();
    }

    @Test
    void should_say_who_holds_the_inbox_in_the_lock_file() throws Exception {
        InboxLock lock = InboxLock.acquire(inbox);
        try {
            assertThat(Files.readString(inbox.resolve(InboxLock.FILE_NAME)))
                    .startsWith("pid " + ProcessHandle.current().pid() + ", since ");
        } finally {
            lock.close();
        }
    }
}
