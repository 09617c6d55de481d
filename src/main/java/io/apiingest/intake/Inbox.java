package io.apiingest.intake;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import io.apiingest.IngestSettings;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where dropped files go when they are done with: {@code .done/} once their summary is written, {@code .error/}
 * (with a {@code NAME.reason.txt} beside them) when they could not be processed.
 */
public final class Inbox {

    /** Exchange property read by the file consumer's {@code move} option: the name under {@code .done/}. */
    public static final String DONE_NAME = "ingestDoneName";
    public static final String DONE_DIR = ".done";
    public static final String ERROR_DIR = ".error";

    private static final Logger LOG = LoggerFactory.getLogger(Inbox.class);

    private final IngestSettings settings;

    public Inbox(IngestSettings settings) {
        this.settings = settings;
    }

    /** Whether a file in the inbox is one the intake takes (same rule as the file consumer's exclude option). */
    public boolean isCandidate(Path file) {
        String name = file.getFileName().toString();
        return Files.isRegularFile(file) && !settings.inboxIgnore().matcher(name).matches();
    }

    /** Picks a name under .done/ that does not overwrite an earlier input of the same name. */
    public void chooseDoneName(Exchange exchange) {
        String name = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        Path done = settings.inbox().resolve(DONE_DIR);
        String candidate = name;
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : "";
        for (int n = 2; Files.exists(done.resolve(candidate)); n++) {
            candidate = stem + "-" + n + ext;
        }
        exchange.setProperty(DONE_NAME, candidate);
    }

    /** Writes {@code .error/NAME.reason.txt}; the file consumer then moves the input beside it. */
    public void writeReason(Exchange exchange) throws IOException {
        String name = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String reason = cause == null ? "unknown failure" : describe(cause);
        Path errors = Files.createDirectories(settings.inbox().resolve(ERROR_DIR));
        Files.writeString(errors.resolve(name + ".reason.txt"),
                name + " was not processed: " + reason + System.lineSeparator()
                        + "at " + Instant.now() + System.lineSeparator(), StandardCharsets.UTF_8);
        LOG.warn("{} moved to {}/{}: {}", name, settings.inbox().resolve(ERROR_DIR), name, reason);
    }

    private static String describe(Throwable cause) {
        Throwable root = cause;
        while (!(root instanceof UnreadableInputException) && root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof UnreadableInputException) {
            return root.getMessage();
        }
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
}
