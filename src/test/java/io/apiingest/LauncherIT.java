package io.apiingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar target/api-ingest.jar} runs the app in a child JVM with the tuned options (launch/Launcher):
 * the child must be there, must carry the options, pass its exit code on, stop on the parent's SIGTERM, and be
 * gone when the parent is killed outright.
 */
class LauncherIT {

    private static final Duration LIMIT = Duration.ofSeconds(90);

    @TempDir
    Path workDir;

    @Test
    void should_run_the_app_in_a_child_jvm_with_the_tuned_options() throws Exception {
        Files.createDirectories(workDir.resolve("inbox"));
        JarProcess app = JarProcess.start(workDir, "watch", List.of("-Xmx200m"), List.of("--ingest.metrics.port=0"));
        try {
            ProcessHandle child = awaitChild(app);
            List<String> arguments = Arrays.asList(child.info().arguments().orElseThrow());
            assertThat(arguments).as("the child's command line").contains("-XX:+UseParallelGC",
                    "-XX:TieredStopAtLevel=1", "-Xmx200m", "-Dapi-ingest.relaunch=false", "-jar");
            assertThat(arguments.indexOf("-Xmx200m")).as("the user's options come after the tuned ones")
                    .isGreaterThan(arguments.indexOf("-XX:TieredStopAtLevel=1"));
            await().atMost(LIMIT).until(() -> app.stderr().contains("Apache Camel (Main) 4.18.0 is starting"));
            // SIGTERM to the parent reaches the child, which stops gracefully: exit code 0 passed on
            app.process().destroy();
            assertThat(app.awaitExit(LIMIT)).as(app.output()).isZero();
            assertThat(app.stderr()).contains("stopping (signal TERM)");
            await().atMost(Duration.ofSeconds(10)).until(() -> !child.isAlive());
        } finally {
            app.process().descendants().forEach(ProcessHandle::destroyForcibly);
            app.process().destroyForcibly();
        }
    }

    @Test
    void should_take_the_child_down_when_the_parent_is_killed_outright() throws Exception {
        Files.createDirectories(workDir.resolve("inbox"));
        JarProcess app = JarProcess.start(workDir, "killed", List.of(), List.of("--ingest.metrics.port=0"));
        ProcessHandle child = awaitChild(app);
        try {
            await().atMost(LIMIT).until(() -> app.stderr().contains("is starting"));
            app.process().destroyForcibly().waitFor();
            await("the child after its parent's SIGKILL").atMost(Duration.ofSeconds(2))
                    .until(() -> !child.isAlive());
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    void should_pass_the_childs_exit_code_on() throws Exception {
        JarProcess app = JarProcess.start(workDir, "bad", List.of(), List.of("--ingest.concurrency=0"));
        assertThat(app.awaitExit(LIMIT)).as(app.output()).isEqualTo(2);
        assertThat(app.stderr()).contains("ingest.concurrency");
    }

    @Test
    void should_run_in_the_same_jvm_when_told_not_to_relaunch() throws Exception {
        Files.createDirectories(workDir.resolve("inbox"));
        JarProcess app = JarProcess.start(workDir, "same", List.of("-Dapi-ingest.relaunch=false"),
                List.of("--ingest.once=true", "--ingest.metrics.port=0"));
        assertThat(app.awaitExit(LIMIT)).as(app.output()).isZero();
        assertThat(app.stderr()).contains("Apache Camel (Main) 4.18.0 is starting");
        assertThat(app.process().descendants().count()).isZero();
    }

    private static ProcessHandle awaitChild(JarProcess app) {
        return await().atMost(LIMIT).until(() -> app.process().children().findFirst(), Optional::isPresent)
                .orElseThrow();
    }
}
