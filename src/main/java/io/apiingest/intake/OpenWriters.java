package io.apiingest.intake;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether any process has a file open for writing, asked of the Linux kernel: it grants a read lease
 * ({@code fcntl(F_SETLEASE, F_RDLCK)}) only while nothing has the file open for writing, counted on the file itself,
 * so every writer counts: another user's process, one in a container, the kernel's NFS or SMB server, a writable
 * memory map, a hard link. The lease is given back at once. Known on Linux (x86-64 and arm64), on a local file
 * system, for a file this process owns or, with CAP_LEASE (as root has it), any file; elsewhere the answer is
 * {@link Answer#UNKNOWN}.
 * <p>
 * Through JNA, as Java has no call for it. {@code /proc/PID/fd} is no substitute: it shows only the processes this
 * one may inspect (not another user's; as root, not one with capabilities this one lacks, as on our CI machines)
 * and none in another PID namespace.
 */
final class OpenWriters {

    enum Answer {
        /** Nothing has the file open for writing. */
        NONE,
        /** Something has it open for writing: it may still be written. */
        OPEN,
        /** Cannot be known here. */
        UNKNOWN
    }

    private static final Logger LOG = LoggerFactory.getLogger(OpenWriters.class);

    /**
     * File systems on this machine's own disks or memory, with a POSIX ctime (not vfat or exfat). On any other (nfs,
     * cifs, fuse.*, 9p, ceph, virtiofs, overlay, ...) a writer may be another machine, a FUSE daemon or a layer
     * below, none of which the kernel here counts on the file.
     */
    private static final Set<String> LOCAL_FILE_SYSTEMS = Set.of("ext2", "ext3", "ext4", "xfs", "btrfs", "zfs",
            "f2fs", "jfs", "reiserfs", "bcachefs", "nilfs2", "tmpfs", "ramfs");

    /** CPUs whose Linux numbers are the ones below (the generic and x86 ABI). */
    private static final Set<String> KNOWN_CPUS = Set.of("amd64", "x86_64", "aarch64");

    private static final int O_RDONLY = 0;
    private static final int O_NONBLOCK = 04000;
    private static final int O_CLOEXEC = 02000000;
    private static final int F_SETSIG = 10;
    private static final int F_SETLEASE = 1024;
    private static final int F_RDLCK = 0;
    private static final int F_UNLCK = 2;
    /**
     * The signal a lease holder gets when a writer opens the file meanwhile. SIGIO, the default, ends a JVM;
     * SIGURG is ignored unless handled, and nothing here handles it.
     */
    private static final int SIGURG = 23;
    private static final int EAGAIN = 11;

    private static final Charset PATH_ENCODING = Charset.forName(System.getProperty("sun.jnu.encoding",
            Charset.defaultCharset().name()));

    private final String unknownBecause;
    private volatile boolean loading;

    /** Writers as seen with {@code unknownBecause} (null: asked of the kernel); {@link #forFolder} decides it. */
    OpenWriters(String unknownBecause) {
        this.unknownBecause = unknownBecause;
    }

    /** The view for files in {@code folder}: decided once, from the operating system and the folder's file system. */
    static OpenWriters forFolder(Path folder) {
        return new OpenWriters(whyUnknown(folder));
    }

    static String whyUnknown(Path folder) {
        // not JNA's Platform: a run whose files are all old enough loads no JNA class
        if (!System.getProperty("os.name", "").startsWith("Linux")) {
            return "not Linux";
        }
        String cpu = System.getProperty("os.arch", "");
        if (!KNOWN_CPUS.contains(cpu)) {
            return "not known on " + cpu;
        }
        String type;
        try {
            type = Files.getFileStore(folder).type();
        } catch (IOException e) {
            return "the file system of " + folder + " is not known (" + e + ")";
        }
        return isLocal(type) ? null : folder + " is on " + type + ", whose writers may be elsewhere";
    }

    static boolean isLocal(String fileSystemType) {
        return LOCAL_FILE_SYSTEMS.contains(fileSystemType.toLowerCase(Locale.ROOT));
    }

    /** Why the answer is always {@link Answer#UNKNOWN} here, or null when it can be asked. */
    String unknownBecause() {
        return unknownBecause;
    }

    /** Loads the native access in the background, so that the first {@link #of} does not wait for it. */
    void prepare() {
        if (unknownBecause == null && !loading) {
            loading = true;
            Thread load = new Thread(Kernel::ready, "open-writers-load");
            load.setDaemon(true);
            load.start();
        }
    }

    /** Whether anything has {@code file} open for writing now. */
    Answer of(Path file) {
        if (unknownBecause != null || !Kernel.ready()) {
            return Answer.UNKNOWN;
        }
        int fd;
        try {
            fd = Kernel.LIBC.open(cString(file), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
        } catch (LastErrorException e) {
            return Answer.UNKNOWN;
        }
        try {
            Kernel.LIBC.fcntl(fd, F_SETSIG, SIGURG);
            Kernel.LIBC.fcntl(fd, F_SETLEASE, F_RDLCK);
            Kernel.LIBC.fcntl(fd, F_SETLEASE, F_UNLCK);
            return Answer.NONE;
        } catch (LastErrorException e) {
            if (e.getErrorCode() == EAGAIN) {
                return Answer.OPEN;
            }
            // EACCES: another user's file (without CAP_LEASE); EINVAL: leases are off (fs.leases-enable=0)
            LOG.debug("{}: cannot tell whether it is open for writing: {}", file.getFileName(), e.getMessage());
            return Answer.UNKNOWN;
        } finally {
            try {
                Kernel.LIBC.close(fd);
            } catch (LastErrorException ignored) {
                // a lease goes with the descriptor, closed or not
            }
        }
    }

    /** The path's bytes as the JVM gives them to the system (sun.jnu.encoding), NUL-terminated. */
    private static byte[] cString(Path file) {
        byte[] name = file.toString().getBytes(PATH_ENCODING);
        return Arrays.copyOf(name, name.length + 1);
    }

    /** The C library's calls, loaded on first use: a run whose files are all old enough never loads them. */
    private static final class Kernel {

        interface LibC extends Library {
            int open(byte[] path, int flags) throws LastErrorException;

            int fcntl(int fd, int command, long argument) throws LastErrorException;

            int close(int fd) throws LastErrorException;
        }

        static final LibC LIBC = load();

        private static LibC load() {
            try {
                return Native.load(Platform.C_LIBRARY_NAME, LibC.class);
            } catch (LinkageError | RuntimeException e) {
                LOG.info("Whether a file is still open for writing cannot be asked here ({}): a new file is taken "
                        + "once its date is old enough", e.toString());
                return null;
            }
        }

        static boolean ready() {
            return LIBC != null;
        }
    }
}
