package io.apiingest.launch;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import io.apiingest.IngestApplication;
import sun.misc.Signal;

/**
 * The jar's entry point. {@code java -jar api-ingest.jar} starts a JVM with the JVM's default options, which on
 * two cores cost a second of start-up and a fifth of the CPU (bench/RESULTS.md); so, like Elasticsearch's launcher,
 * this JVM starts the app in a child JVM with {@link TunedJvm}'s options and waits for it, passing its exit code
 * on. It loads nothing of the app to do so: the child's start is all that counts. bin/api-ingest starts the tuned
 * JVM itself, and {@code -Dapi-ingest.relaunch=false} runs the app in this JVM.
 */
public final class Launcher {

    private static final long PARENT_POLL_MS = 20;

    private Launcher() {
    }

    public static void main(String[] args) throws Exception {
        Optional<List<String>> child = childCommand(args);
        if (child.isEmpty()) {
            Long parent = Long.getLong(TunedJvm.PARENT_PROPERTY);
            if (parent != null) {
                haltWhenParentDies(parent);
            }
            IngestApplication.main(args);
            return;
        }
        Process process = new ProcessBuilder(child.get()).inheritIO().start();
        // SIGTERM is for this JVM alone: hand it on (Process.destroy sends SIGTERM), and the child stops
        // gracefully, or at once on a second one. Ctrl-C reaches the child from the terminal itself: ignore it here
        Signal.handle(new Signal("TERM"), signal -> process.destroy());
        Signal.handle(new Signal("INT"), signal -> { });
        System.exit(process.waitFor());
    }

    /**
     * In the child: when the parent is gone (killed at once, by SIGKILL), so is the child, as it would have been
     * without the relaunch. Its parent changes then (to init); a poll, not a read of a pipe from the parent,
     * because a thread blocked in a read holds up the JVM's exit by 0.3 s.
     */
    private static void haltWhenParentDies(long parent) {
        Thread watch = new Thread(() -> {
            while (ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L) == parent) {
                try {
                    Thread.sleep(PARENT_POLL_MS);
                } catch (InterruptedException stopped) {
                    return;
                }
            }
            Runtime.getRuntime().halt(137);
        }, "parent-watch");
        watch.setDaemon(true);
        watch.start();
    }

    private static Optional<List<String>> childCommand(String[] args) {
        if ("false".equals(System.getProperty(TunedJvm.RELAUNCH_PROPERTY))) {
            return Optional.empty();
        }
        Optional<Path> jar = thisJar();
        Optional<String> java = ProcessHandle.current().info().command();
        Optional<String[]> arguments = ProcessHandle.current().info().arguments();
        if (jar.isEmpty() || java.isEmpty() || arguments.isEmpty()) {
            return Optional.empty();
        }
        return TunedJvm.optionsBeforeJar(Arrays.asList(arguments.get()), jar.get())
                .map(options -> TunedJvm.command(Path.of(java.get()), options, jar.get(), List.of(args)));
    }

    private static Optional<Path> thisJar() {
        try {
            Path location = Path.of(Launcher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isRegularFile(location) ? Optional.of(location) : Optional.empty();
        } catch (URISyntaxException | SecurityException | NullPointerException unknown) {
            return Optional.empty();
        }
    }
}
