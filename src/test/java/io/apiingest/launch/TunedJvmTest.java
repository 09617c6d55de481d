package io.apiingest.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TunedJvmTest {

    @TempDir
    Path dir;

    @Test
    void should_take_the_options_before_dash_jar_when_it_names_this_jar() throws IOException {
        Path jar = Files.createFile(dir.resolve("api-ingest.jar"));
        assertThat(TunedJvm.optionsBeforeJar(List.of("-Xmx1g", "-Dx=1", "-jar", jar.toString(), "--ingest.once=true"),
                jar)).contains(List.of("-Xmx1g", "-Dx=1"));
        assertThat(TunedJvm.optionsBeforeJar(List.of("-jar", jar.toString()), jar)).contains(List.of());
    }

    @Test
    void should_not_relaunch_a_jvm_started_with_a_class_path_or_another_jar() throws IOException {
        Path jar = Files.createFile(dir.resolve("api-ingest.jar"));
        assertThat(TunedJvm.optionsBeforeJar(List.of("-cp", jar.toString(), "io.apiingest.launch.Launcher"), jar))
                .isEmpty();
        assertThat(TunedJvm.optionsBeforeJar(List.of("-jar", dir.resolve("other.jar").toString()), jar)).isEmpty();
        assertThat(TunedJvm.optionsBeforeJar(List.of("-jar"), jar)).isEmpty();
    }

    @Test
    void should_put_the_users_options_after_the_tuned_ones_so_that_they_win() throws IOException {
        Path jar = Files.createFile(dir.resolve("api-ingest.jar"));
        List<String> command = TunedJvm.command(Path.of("/usr/bin/java"), List.of("-XX:TieredStopAtLevel=4"), jar,
                List.of("--ingest.once=true"));
        assertThat(command.get(0)).isEqualTo("/usr/bin/java");
        assertThat(command).containsSubsequence("-XX:+UseParallelGC", "-XX:TieredStopAtLevel=1",
                "-XX:TieredStopAtLevel=4", "-Dapi-ingest.relaunch=false", "-jar", jar.toString(), "--ingest.once=true");
        assertThat(command).contains("-Dapi-ingest.parent=" + ProcessHandle.current().pid());
    }

    @Test
    void should_leave_the_collector_to_the_user_when_one_is_named() throws IOException {
        Path jar = Files.createFile(dir.resolve("api-ingest.jar"));
        List<String> command = TunedJvm.command(Path.of("java"), List.of("-XX:+UseG1GC"), jar, List.of());
        assertThat(command).contains("-XX:+UseG1GC").doesNotContain("-XX:+UseParallelGC");
    }

    @Test
    void should_size_the_young_generation_unless_the_user_sized_the_heap() throws IOException {
        Path jar = Files.createFile(dir.resolve("api-ingest.jar"));
        assertThat(TunedJvm.command(Path.of("java"), List.of(), jar, List.of())).contains("-Xmn128m");
        assertThat(TunedJvm.command(Path.of("java"), List.of("-Xmx100m"), jar, List.of())).doesNotContain("-Xmn128m");
        assertThat(TunedJvm.command(Path.of("java"), List.of("-Xmn1g"), jar, List.of())).doesNotContain("-Xmn128m");
    }

    @Test
    void should_write_the_class_sharing_archive_once_then_read_it_until_the_jar_changes() throws IOException {
        Path jar = Files.createFile(dir.resolve("api-ingest.jar"));
        Path java = Path.of("java");
        List<String> first = TunedJvm.archiveOptions(java, jar, List.of());
        assertThat(first).anyMatch(option -> option.startsWith("-XX:ArchiveClassesAtExit=" + dir.resolve("cds")));
        Path archive = Path.of(first.get(0).substring("-XX:ArchiveClassesAtExit=".length()));
        Files.writeString(archive, "archive");
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().minusSeconds(60)));
        assertThat(TunedJvm.archiveOptions(java, jar, List.of()))
                .containsExactly("-XX:SharedArchiveFile=" + archive, "-Xshare:auto");
        // a rebuilt jar: the archive no longer matches its classes, and is written again
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));
        assertThat(TunedJvm.archiveOptions(java, jar, List.of())).containsExactly(first.toArray(String[]::new));
        assertThat(archive).doesNotExist();
    }

    @Test
    void should_leave_class_sharing_to_the_user_when_an_option_names_it() throws IOException {
        Path jar = Files.createFile(dir.resolve("api-ingest.jar"));
        assertThat(TunedJvm.archiveOptions(Path.of("java"), jar, List.of("-Xshare:off"))).isEmpty();
        assertThat(dir.resolve("cds")).doesNotExist();
    }

    @Test
    void should_give_bin_api_ingest_the_same_collector_and_compiler_options() throws IOException {
        String script = Files.readString(Path.of("bin", "api-ingest"));
        assertThat(script).contains(TunedJvm.COLLECTOR).contains(TunedJvm.COMPILER).contains(TunedJvm.YOUNG_GENERATION)
                .contains("-D" + TunedJvm.RELAUNCH_PROPERTY + "=false");
    }
}
