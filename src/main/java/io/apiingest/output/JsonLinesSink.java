package io.apiingest.output;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.apiingest.flow.FetchOutcome;
import io.apiingest.flow.PageEnd;

/**
 * The record sink of JSON-lines files in the job's folder: successes into part files ({@link PartFileWriter}),
 * failures into errors.jsonl, written under a hidden name until complete; pages of chains done into
 * {@link PageJournal}.
 *
 * <p>The files are the journal: every record reaches the operating system as it is written, so after a crash
 * {@link #alreadyRecorded} reads back what is done, and a restart appends after it.
 */
final class JsonLinesSink implements RecordSink {

    static final String ERRORS = "errors.jsonl";
    static final String OPEN_ERRORS = "." + ERRORS + ".tmp";

    private final Path dir;
    private final JsonFactory json;
    private final PartFileWriter parts;
    private final Path errorsTemporary;
    private final PageJournal pages;
    private final ByteArrayOutputStream record = new ByteArrayOutputStream(256);
    private boolean scanned;
    private int lastPart;
    private Path openPart;
    private int linesInOpenPart;
    private FileOutputStream errorsFile;
    private OutputStream errors;

    JsonLinesSink(Path dir, int batchSize, JsonFactory json) {
        this.dir = dir;
        this.json = json;
        this.parts = new PartFileWriter(dir, batchSize);
        this.errorsTemporary = dir.resolve(OPEN_ERRORS);
        this.pages = new PageJournal(dir, json);
    }

    @Override
    public void alreadyRecorded(Consumer<RecordHead> each, Consumer<PageEnd> pagesDone) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                int number = PartFileWriter.partNumber(name);
                if (number < 0) {
                    continue;
                }
                if (PartFileWriter.OPEN_PART.matcher(name).matches()) {
                    openPart = file;
                } else {
                    JsonLinesFile.readRecords(file, false, each);
                }
                lastPart = Math.max(lastPart, number);
            }
        }
        if (openPart != null) {
            JsonLinesFile.cutTornLine(openPart);
            linesInOpenPart = JsonLinesFile.readRecords(openPart, false, each);
            lastPart = PartFileWriter.partNumber(openPart.getFileName().toString()) - 1;
        }
        Path completedErrors = dir.resolve(ERRORS);
        if (!Files.exists(errorsTemporary) && Files.exists(completedErrors)) {
            // stopped between completing errors.jsonl and writing the summary: take it up again
            Files.move(completedErrors, errorsTemporary, StandardCopyOption.ATOMIC_MOVE);
        }
        if (Files.exists(errorsTemporary)) {
            JsonLinesFile.cutTornLine(errorsTemporary);
            JsonLinesFile.readRecords(errorsTemporary, true, each);
        }
        pages.readBack(dir.getFileName().toString(), pagesDone);
        scanned = true;
    }

    @Override
    public void open() throws IOException {
        if (!scanned) {
            throw new IllegalStateException(dir + ": opened before reading what it already holds");
        }
        parts.resume(lastPart, openPart, linesInOpenPart);
        errorsFile = new FileOutputStream(errorsTemporary.toFile(), true);
        errors = new BufferedOutputStream(errorsFile, 16 * 1024);
    }

    @Override
    public void record(FetchOutcome outcome) throws IOException {
        record.reset();
        try (JsonGenerator out = json.createGenerator(record)) {
            outcome.write(out);
        }
        if (outcome instanceof FetchOutcome.Fetched) {
            parts.append(record);
        } else {
            record.writeTo(errors);
            errors.write('\n');
            errors.flush();
        }
    }

    @Override
    public void pageDone(PageEnd end) throws IOException {
        pages.write(end);
    }

    @Override
    public void complete() throws IOException {
        parts.close();
        pages.sync();
        pages.close();
        errors.flush();
        errorsFile.getFD().sync();
        errors.close();
        Files.move(errorsTemporary, dir.resolve(ERRORS), StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public void abandon() {
        parts.abandon();
        pages.close();
        if (errors != null) {
            try {
                errors.close();
            } catch (IOException ignored) {
                // the records written so far are already with the operating system
            }
        }
    }
}
