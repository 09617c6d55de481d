package io.apiingest;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * Where the kernel can be asked whether a file is still open for writing (Linux on x86-64 or arm64, a local file
 * system), a new file is taken as soon as it is closed; elsewhere it waits for its date to be a second old, by
 * design. Said here without the class that decides it, so that a test of the fast case fails, not skips, if that
 * class stops asking where it could.
 */
final class OpenWritersAssumption {

    private OpenWritersAssumption() {
    }

    static void assumeAskable(Path folder) throws IOException {
        String system = System.getProperty("os.name");
        String cpu = System.getProperty("os.arch");
        String type = Files.getFileStore(folder).type();
        assumeTrue(system.startsWith("Linux") && Set.of("amd64", "aarch64").contains(cpu)
                && Set.of("ext4", "xfs", "btrfs", "tmpfs").contains(type), system + " " + cpu + ", " + folder
                + " on " + type + ": a new file waits for its date to age");
    }
}
