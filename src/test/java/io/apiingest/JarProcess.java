package io.apiingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One child JVM running the packaged jar, its stdout and stderr going to files: what the jar tests start. */
record JarProcess(Process process, Path stdoutFile, Path stderrFile) {

    static final Path JAR = Path.of("target", "api-ingest.jar");

    /**
     * Starts {@code java [jvmOptions] -jar target/api-ingest.jar [arguments]} in {@code workDir}, its output in
     * {@code NAME-stdout.log} and {@code NAME-stderr.log} there.
     */
    static JarProcess start(Path workDir, String name, List<String> jvmOptions, List<String> arguments)
            throws IOException {
        return start(workDir, name, jvmOptions, arguments, java.util.Map.of());
    }

    /** The same, with {@code environment} added to the child's environment. */
    static JarProcess start(Path workDir, String name, List<String> jvmOptions, List<String> arguments,
            java.util.Map<String, String> environment) throws IOException {
        assertThat(JAR).as("the packaged jar (failsafe runs after package, from the project folder)")
                .isRegularFile();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", JAR.toAbsolutePath().toString()));
        command.addAll(arguments);
        Path stdout = workDir.resolve(name + "-stdout.log");
        Path stderr = workDir.resolve(name + "-stderr.log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        // the test alone decides the settings: none may leak in from the environment running the build
        builder.environment().keySet().removeIf(variable -> variable.toUpperCase().startsWith("INGEST_"));
        builder.environment().putAll(environment);
        return new JarProcess(builder.start(), stdout, stderr);
    }

    String stdout() {
        return read(stdoutFile);
    }

    String stderr() {
        return read(stderrFile);
    }

    /** Both streams, labelled: what a failed assertion shows. */
    String output() {
        return "--- stdout ---\n" + stdout() + "--- stderr ---\n" + stderr();
    }

    List<String> outputLines() {
        return output().lines().toList();
    }

    /**
     * SIGKILL, as a crash would: the JVM that runs the app (the jar's tuned child JVM) and the jar's own at once,
     * waiting until both are gone. Killing only the jar's JVM would leave the child up to 20 ms to go on working.
     */
    void killOutright() throws InterruptedException {
        killTree(process);
    }

    /** SIGKILL to a process and all its descendants; returns once none of them is alive (at most 60 s). */
    static void killTree(Process process) throws InterruptedException {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(60, TimeUnit.SECONDS);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (tree.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < until) {
            Thread.sleep(10);
        }
    }

    /** Waits for the exit and returns its code; a run over {@code limit} is killed and fails the test. */
    int awaitExit(Duration limit) throws InterruptedException {
        if (!process.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
            killTree(process);
            fail("api-ingest did not exit within %s; output:%n%s", limit, output());
        }
        return process.exitValue();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the output of api-ingest: " + file, e);
        }
    }
}
