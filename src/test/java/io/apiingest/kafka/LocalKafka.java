package io.apiingest.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;

/**
 * A real single-node Kafka broker (KRaft) for tests: {@code bin/kafka-local} in a child process, the broker and its
 * controller on free ports of 127.0.0.1, its data in a temporary folder that {@link #close()} deletes. Its output
 * stays in {@code target/kafka-broker/logs/}, for a test that failed.
 */
public final class LocalKafka implements AutoCloseable {

    private static final Path SCRIPT = Path.of("bin", "kafka-local");
    private static final Path LOGS = Path.of("target", "kafka-broker", "logs");
    private static final Duration START_LIMIT = Duration.ofSeconds(60);
    private static final Duration STOP_LIMIT = Duration.ofSeconds(20);
    private static final int ATTEMPTS = 3;

    private final Process process;
    private final Path dataDir;
    private final Path log;
    private final String bootstrapServers;
    private final Duration startTime;
    private final Admin admin;
    private final Thread stopAtExit;
    private final AtomicBoolean stopped = new AtomicBoolean();

    private LocalKafka(Process process, Path dataDir, Path log, String bootstrapServers, Duration startTime,
            Admin admin) {
        this.process = process;
        this.dataDir = dataDir;
        this.log = log;
        this.bootstrapServers = bootstrapServers;
        this.startTime = startTime;
        this.admin = admin;
        // a test JVM that ends without closing (a failed @BeforeAll, Ctrl-C) takes its broker along
        this.stopAtExit = new Thread(this::stop, "local-kafka-stop");
        Runtime.getRuntime().addShutdownHook(stopAtExit);
    }

    /**
     * Starts a broker and returns once it answers a client; fails with the broker's output when it exits or does
     * not answer within a minute. Ports are chosen free, but another process may take one before the broker binds
     * it: then it starts again on other ports.
     */
    public static LocalKafka start() throws IOException, InterruptedException {
        if (!Files.isExecutable(SCRIPT)) {
            throw new IllegalStateException(SCRIPT + " not found: the tests run from the project folder");
        }
        Files.createDirectories(LOGS);
        for (int attempt = 1; ; attempt++) {
            Optional<LocalKafka> broker = tryStart();
            if (broker.isPresent()) {
                return broker.get();
            }
            if (attempt == ATTEMPTS) {
                throw new IllegalStateException("the Kafka broker found its ports taken " + ATTEMPTS + " times");
            }
        }
    }

    private static Optional<LocalKafka> tryStart() throws IOException, InterruptedException {
        int[] ports = freePorts(2);
        Path dataDir = Files.createTempDirectory("local-kafka-");
        Path log = LOGS.resolve("broker-" + ports[0] + ".log");
        ProcessBuilder builder = new ProcessBuilder(SCRIPT.toAbsolutePath().toString(), dataDir.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("KAFKA_PORT", String.valueOf(ports[0]));
        builder.environment().put("KAFKA_CONTROLLER_PORT", String.valueOf(ports[1]));
        builder.environment().put("KAFKA_LOCAL_PARENT", String.valueOf(ProcessHandle.current().pid()));
        builder.environment().put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // the same broker for every run: no JVM options from the environment running the build
        builder.environment().remove("KAFKA_OPTS");
        String bootstrapServers = "127.0.0.1:" + ports[0];

        Instant started = Instant.now();
        Process process = builder.start();
        Admin admin = null;
        try {
            Instant deadline = started.plus(START_LIMIT);
            awaitListener(process, ports[0], deadline, log);
            admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200));
            awaitCluster(admin, process, deadline, log);
            return Optional.of(new LocalKafka(process, dataDir, log, bootstrapServers,
                    Duration.between(started, Instant.now()), admin));
        } catch (PortTaken e) {
            cleanUp(admin, process, dataDir);
            return Optional.empty();
        } catch (InterruptedException | RuntimeException e) {
            cleanUp(admin, process, dataDir);
            throw e;
        }
    }

    /** {@code host:port} for a client's {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The broker's output (warnings, errors, its start), kept after {@link #close()}. */
    public Path log() {
        return log;
    }

    /** From starting the script to the broker's first answer to a client. */
    public Duration startTime() {
        return startTime;
    }

    /** Creates a topic with one replica and returns once every partition has its leader. */
    public void createTopic(String name, int partitions) throws InterruptedException {
        try {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
            Instant deadline = Instant.now().plusSeconds(30);
            while (!hasLeaders(name, partitions)) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("topic " + name + " has partitions without a leader after 30 s");
                }
                Thread.sleep(20);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create topic " + name + " on " + bootstrapServers, e);
        }
    }

    /** Stops the broker (SIGTERM, its orderly shutdown; killed after 20 s) and deletes its data. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(stopAtExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to: it stops the broker
        }
        stop();
    }

    private void stop() {
        if (stopped.compareAndSet(false, true)) {
            cleanUp(admin, process, dataDir);
        }
    }

    private static void cleanUp(Admin admin, Process process, Path dataDir) {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
        // the script passes SIGTERM on to the broker's JVM and waits for it
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(STOP_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                descendants.forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            descendants.forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        deleteRecursively(dataDir);
    }

    private static void awaitListener(Process process, int port, Instant deadline, Path log)
            throws InterruptedException, PortTaken {
        while (true) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
                return;
            } catch (IOException notYet) {
                checkRunning(process, deadline, log);
                Thread.sleep(50);
            }
        }
    }

    private static void awaitCluster(Admin admin, Process process, Instant deadline, Path log)
            throws InterruptedException, PortTaken {
        while (true) {
            try {
                if (!admin.describeCluster(new DescribeClusterOptions().timeoutMs(2000)).nodes().get().isEmpty()) {
                    return;
                }
            } catch (ExecutionException notYet) {
                // the listener is open before the broker has joined its controller
            }
            checkRunning(process, deadline, log);
            Thread.sleep(50);
        }
    }

    private static void checkRunning(Process process, Instant deadline, Path log) throws PortTaken {
        if (!process.isAlive()) {
            String output = read(log);
            if (output.contains("is in use") || output.contains("Address already in use")) {
                throw new PortTaken();
            }
            throw new IllegalStateException("the Kafka broker exited with " + process.exitValue()
                    + " before it answered; its output (" + log + "):\n" + output);
        }
        if (Instant.now().isAfter(deadline)) {
            throw new IllegalStateException("the Kafka broker did not answer within " + START_LIMIT.toSeconds()
                    + " s; its output (" + log + "):\n" + read(log));
        }
    }

    private boolean hasLeaders(String topic, int partitions) throws InterruptedException {
        try {
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            return description.partitions().size() == partitions
                    && description.partitions().stream()
                            .allMatch(partition -> partition.leader() != null && !partition.leader().isEmpty());
        } catch (ExecutionException notYetKnown) {
            return false;
        }
    }

    /** Ports free on 127.0.0.1 now, all different: each socket stays open until all are found. */
    private static int[] freePorts(int count) throws IOException {
        ServerSocket[] sockets = new ServerSocket[count];
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                sockets[i] = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                ports[i] = sockets[i].getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket socket : sockets) {
                if (socket != null) {
                    socket.close();
                }
            }
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the broker's data in " + dir, e);
        }
    }

    /** The broker could not bind a port chosen for it. */
    private static final class PortTaken extends Exception {
        PortTaken() {
            super(null, null, false, false);
        }
    }
}
