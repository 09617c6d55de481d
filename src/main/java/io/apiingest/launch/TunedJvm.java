package io.apiingest.launch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The JVM options api-ingest runs best with on a few cores, and the command line of a JVM that has them. The same
 * options as bin/api-ingest (LauncherOptionsTest holds the two lists together); bench/RESULTS.md has the figures:
 * <ul>
 * <li>a class-data-sharing archive of the app's classes beside the jar, written by the first run, read by every
 * later one: start-up loads and verifies about a third less;</li>
 * <li>C1 only: on two cores C2 took a fifth of the CPU of a 20,000-URL run and did not earn it back;</li>
 * <li>the parallel collector: G1's barriers and concurrent threads cost a batch job 3-10 % of its wall time;</li>
 * <li>a young generation of 128 MB: a request's garbage dies young, and 11 MB live after each collection, so the
 * default sizing (an eden of 200 MB and more on a machine with much memory) only grew the process to 340 MB on
 * 20,000 URLs; with it, 225 MB on 200,000, flat (the user's -Xmx or -Xmn wins);</li>
 * <li>C1 compiling sooner: a thousand requests start on cold code at once at concurrency 1,000.</li>
 * </ul>
 * Options the user gave come after these, so they win, as {@code JAVA_OPTS} does for the script.
 */
public final class TunedJvm {

    /** Set on a JVM that already runs with the options (bin/api-ingest, the relaunched child), or to opt out. */
    public static final String RELAUNCH_PROPERTY = "api-ingest.relaunch";
    /** The relaunching parent's process id, given to the child, which stops when that process is gone. */
    public static final String PARENT_PROPERTY = "api-ingest.parent";

    static final List<String> COLLECTOR = List.of("-XX:+UseParallelGC");
    static final List<String> YOUNG_GENERATION = List.of("-Xmn128m");
    static final List<String> COMPILER = List.of("-XX:TieredStopAtLevel=1", "-XX:Tier3InvocationThreshold=20",
            "-XX:Tier3MinInvocationThreshold=10", "-XX:Tier3CompileThreshold=200", "-XX:Tier3BackEdgeThreshold=2000");

    private TunedJvm() {
    }

    /**
     * The command that runs {@code jar} with {@code userOptions} (the JVM options this process was started with)
     * and {@code args} in a tuned JVM.
     */
    static List<String> command(Path java, List<String> userOptions, Path jar, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(archiveOptions(java, jar, userOptions));
        // the JVM refuses two collectors: one the user named wins
        if (userOptions.stream().noneMatch(option -> option.matches("-XX:\\+Use[A-Za-z0-9]+GC"))) {
            command.addAll(COLLECTOR);
        }
        if (userOptions.stream().noneMatch(option -> option.startsWith("-Xmx") || option.startsWith("-Xmn")
                || option.startsWith("-XX:MaxNewSize") || option.startsWith("-XX:NewSize")
                || option.startsWith("-XX:MaxHeapSize") || option.startsWith("-XX:MaxRAM"))) {
            command.addAll(YOUNG_GENERATION);
        }
        command.addAll(COMPILER);
        command.addAll(userOptions);
        command.add("-D" + RELAUNCH_PROPERTY + "=false");
        command.add("-D" + PARENT_PROPERTY + "=" + ProcessHandle.current().pid());
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(args);
        return command;
    }

    /**
     * The JVM options before {@code -jar JAR} on this process's command line, or empty when it was not started
     * that way (a class path and a main class, an unknown platform).
     */
    static Optional<List<String>> optionsBeforeJar(List<String> commandLineArguments, Path jar) {
        int at = commandLineArguments.indexOf("-jar");
        if (at < 0 || at + 1 >= commandLineArguments.size()) {
            return Optional.empty();
        }
        Path named = Path.of(commandLineArguments.get(at + 1)).toAbsolutePath().normalize();
        if (!named.equals(jar.toAbsolutePath().normalize())) {
            return Optional.empty();
        }
        return Optional.of(List.copyOf(commandLineArguments.subList(0, at)));
    }

    /**
     * One archive per JVM binary, beside the jar (an archive only loads into the JVM and the jar that wrote it):
     * read it when it is newer than the jar, else write it at this run's exit; none when the user chose class
     * sharing options or the folder cannot be written.
     */
    static List<String> archiveOptions(Path java, Path jar, List<String> userOptions) {
        if (userOptions.stream().anyMatch(option -> option.startsWith("-Xshare")
                || option.startsWith("-XX:SharedArchiveFile") || option.startsWith("-XX:ArchiveClassesAtExit"))) {
            return List.of();
        }
        Path folder = jar.toAbsolutePath().getParent().resolve("cds");
        Path archive = folder.resolve("api-ingest-jar-" + Integer.toHexString(realPath(java).hashCode()) + ".jsa");
        try {
            if (Files.isRegularFile(archive)
                    && Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(jar)) > 0) {
                return List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:auto");
            }
            Files.createDirectories(folder);
            if (!Files.isWritable(folder)) {
                return List.of();
            }
            Files.deleteIfExists(archive);
        } catch (IOException | SecurityException cannot) {
            return List.of();
        }
        return List.of("-XX:ArchiveClassesAtExit=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
    }

    private static String realPath(Path java) {
        try {
            return java.toRealPath().toString();
        } catch (IOException e) {
            return java.toAbsolutePath().toString();
        }
    }
}
