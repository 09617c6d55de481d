package io.apiingest.intake;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

import io.apiingest.flow.FileNames;
import io.apiingest.flow.Ledger;
import io.apiingest.flow.StopSignal;
import org.apache.camel.Exchange;

/**
 * The intake's split expression: the requests of the dropped file, streamed, parsed by the format its extension
 * names ({@code .jsonl}/{@code .ndjson} request specs, {@code .csv} rows, else URL lines). When the stream ends,
 * the number of requests goes to the ledger, which writes the summary once that many are recorded.
 */
public final class InputLines {

    private final Ledger ledger;
    private final StopSignal stop;
    private final RequestFormats formats;

    public InputLines(Ledger ledger, StopSignal stop, RequestFormats formats) {
        this.ledger = ledger;
        this.stop = stop;
        this.formats = formats;
    }

    public RequestStream lines(Exchange exchange) throws IOException {
        Path file = exchange.getMessage().getBody(java.io.File.class).toPath();
        String job = exchange.getProperty(FileNames.JOB, String.class);
        String name = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        InputStream in;
        try {
            in = Files.newInputStream(file);
        } catch (FileNotFoundException | NoSuchFileException e) {
            throw new UnreadableInputException("the file disappeared before it could be read");
        }
        RequestSource source;
        try {
            source = formats.open(name == null ? file.getFileName().toString() : name, in, job);
        } catch (RuntimeException e) {
            in.close();
            throw e;
        }
        RequestStream requests = new RequestStream(source, ledger.alreadyRecorded(job), ledger.chainsToResume(job),
                () -> stop.isSet() || ledger.isBroken(job), count -> ledger.expect(job, count),
                ledger.onEachRequest(job));
        // the progress log's total: counted aside, so a huge file does not hold up its first requests
        CompletableFuture.runAsync(() -> ledger.estimate(job, UrlLineCount.of(file)));
        return requests;
    }
}
