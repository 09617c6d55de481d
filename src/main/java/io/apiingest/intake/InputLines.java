package io.apiingest.intake;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

import io.apiingest.output.Outbox;
import org.apache.camel.Exchange;

/**
 * The intake's split expression: the URL lines of the dropped file, streamed. When the stream ends, the number of
 * URL lines goes to the outbox, which writes the summary once that many are recorded.
 */
public final class InputLines {

    /** Exchange property: the outbox job (folder name) the lines belong to. */
    public static final String JOB = "ingestJob";

    private final Outbox outbox;
    private final StopSignal stop;

    public InputLines(Outbox outbox, StopSignal stop) {
        this.outbox = outbox;
        this.stop = stop;
    }

    public LineReader lines(Exchange exchange) throws IOException {
        Path file = exchange.getMessage().getBody(java.io.File.class).toPath();
        String job = exchange.getProperty(JOB, String.class);
        try {
            LineReader reader = new LineReader(Files.newInputStream(file), job, outbox.alreadyRecorded(job),
                    () -> stop.isSet() || outbox.isBroken(job),
                    count -> outbox.expect(job, count))
                    .onEachLine(outbox.meters(job)::lineRead);
            // the progress log's total: counted aside, so a huge file does not hold up its first requests
            CompletableFuture.runAsync(() -> outbox.estimate(job, UrlLineCount.of(file)));
            return reader;
        } catch (FileNotFoundException | java.nio.file.NoSuchFileException e) {
            throw new UnreadableInputException("the file disappeared before it could be read");
        }
    }
}
