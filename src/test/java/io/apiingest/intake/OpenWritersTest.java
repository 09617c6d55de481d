package io.apiingest.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The kernel's answer to "is this file still open for writing?", for writers in this JVM and in another process. */
class OpenWritersTest {

    @TempDir
    Path folder;

    private Path file;
    private OpenWriters writers;

    @BeforeEach
    void aClosedFileOnALocalDisk() throws Exception {
        file = Files.writeString(folder.resolve("urls.txt"), "http://127.0.0.1:9/\n");
        writers = OpenWriters.forFolder(folder);
    }

    private void assumeAskable() {
        assumeTrue(writers.unknownBecause() == null, "writers cannot be asked here: " + writers.unknownBecause());
    }

    @Test
    void should_be_asked_on_linux_for_a_folder_on_a_local_disk() throws Exception {
        // said without the class under test: where this holds, a new file need not wait for its date to age
        String system = System.getProperty("os.name");
        String type = Files.getFileStore(folder).type();
        assumeTrue(system.startsWith("Linux") && Set.of("amd64", "aarch64").contains(System.getProperty("os.arch"))
                && Set.of("ext4", "xfs", "btrfs", "tmpfs").contains(type), system + " on " + type);

        assertThat(writers.unknownBecause()).isNull();
        assertThat(writers.of(file)).isEqualTo(OpenWriters.Answer.NONE);
    }

    @Test
    void should_see_no_writer_of_a_closed_file_nor_of_one_open_only_for_reading() throws Exception {
        assumeAskable();
        assertThat(writers.of(file)).isEqualTo(OpenWriters.Answer.NONE);
        try (InputStream reading = Files.newInputStream(file)) {
            assertThat(writers.of(file)).isEqualTo(OpenWriters.Answer.NONE);
        }
    }

    @Test
    void should_see_a_writer_in_this_jvm_until_it_closes_the_file() throws Exception {
        assumeAskable();
        try (OutputStream writing = new FileOutputStream(file.toFile(), true)) {
            assertThat(writers.of(file)).isEqualTo(OpenWriters.Answer.OPEN);
        }
        try (FileChannel both = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            assertThat(writers.of(file)).as("open for reading and writing").isEqualTo(OpenWriters.Answer.OPEN);
        }
        assertThat(writers.of(file)).isEqualTo(OpenWriters.Answer.NONE);
    }

    @Test
    void should_ask_about_a_name_with_spaces_and_letters_beyond_ascii() throws Exception {
        assumeAskable();
        Path named = Files.writeString(folder.resolve("my orders – été.txt"), "http://127.0.0.1:9/\n");
        try (OutputStream writing = Files.newOutputStream(named, StandardOpenOption.APPEND)) {
            assertThat(writers.of(named)).isEqualTo(OpenWriters.Answer.OPEN);
        }
        assertThat(writers.of(named)).isEqualTo(OpenWriters.Answer.NONE);
    }

    @Test
    void should_see_a_writer_in_another_process_until_it_exits() throws Exception {
        assumeAskable();
        Path opened = folder.resolve("opened");
        Process writer = new ProcessBuilder(List.of("sh", "-c",
                "exec 3>>\"$0\" && touch \"$1\" && exec sleep 30", file.toString(), opened.toString())).start();
        try {
            await().until(() -> Files.exists(opened) || !writer.isAlive());
            assertThat(writer.isAlive()).as("the writer holds the file open").isTrue();

            assertThat(writers.of(file)).isEqualTo(OpenWriters.Answer.OPEN);
        } finally {
            writer.destroy();
            writer.waitFor(10, TimeUnit.SECONDS);
        }
        assertThat(writers.of(file)).isEqualTo(OpenWriters.Answer.NONE);
    }

    @Test
    void should_not_know_about_a_file_that_is_gone() {
        assumeAskable();
        assertThat(writers.of(folder.resolve("missing.txt"))).isEqualTo(OpenWriters.Answer.UNKNOWN);
    }

    @Test
    void should_not_know_where_it_cannot_ask() {
        assertThat(new OpenWriters("a container").of(file)).isEqualTo(OpenWriters.Answer.UNKNOWN);
    }

    @ParameterizedTest
    @ValueSource(strings = {"nfs", "nfs4", "cifs", "smb3", "fuse.sshfs", "fuseblk", "9p", "ceph", "glusterfs",
            "virtiofs", "overlay", "afs"})
    void should_not_ask_on_a_file_system_whose_writers_may_be_elsewhere(String type) {
        assertThat(OpenWriters.isLocal(type)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ext4", "xfs", "btrfs", "tmpfs", "XFS"})
    void should_ask_on_a_local_file_system(String type) {
        assertThat(OpenWriters.isLocal(type)).isTrue();
    }
}
