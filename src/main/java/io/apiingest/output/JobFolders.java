package io.apiingest.output;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.apiingest.flow.FileNames;
import io.apiingest.metrics.IngestMetrics.FileMeters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks the folder of an input in the outbox: {@code NAME/}, or {@code NAME-2}, … when that name holds a finished
 * run or another input's; a folder without a summary, of the same input and not open now, is resumed.
 */
final class JobFolders {

    private static final Logger LOG = LoggerFactory.getLogger(JobFolders.class);

    private final Path root;
    private final ObjectMapper mapper;
    private final ObjectWriter json;
    private final RecordSink.Factory sinks;

    JobFolders(Path root, ObjectMapper mapper, RecordSink.Factory sinks) {
        this.root = root;
        this.mapper = mapper;
        this.json = mapper.writer();
        this.sinks = sinks;
    }

    Path root() {
        return root;
    }

    /** Opens the job of the input: a new folder, or the unfinished one an earlier run left (not one open now). */
    OutboxJob open(InputIdentity input, FileMeters meters, Predicate<String> isOpen) throws IOException {
        Files.createDirectories(root);
        String stem = FileNames.stem(input.file());
        for (int n = 1; ; n++) {
            Path dir = root.resolve(FileNames.numbered(stem, n));
            try {
                Files.createDirectory(dir);
                return OutboxJob.create(dir, input, sinks.forJob(dir), json, meters);
            } catch (FileAlreadyExistsException taken) {
                Path identity = dir.resolve(InputIdentity.FILE_NAME);
                if (!SummaryFile.isIn(dir) && Files.exists(identity)) {
                    InputIdentity earlier = mapper.readValue(identity.toFile(), InputIdentity.class);
                    if (earlier.sameInputAs(input) && !isOpen.test(dir.getFileName().toString())) {
                        return OutboxJob.resume(dir, earlier, sinks.forJob(dir), json, meters);
                    }
                    if (!earlier.sameInputAs(input) && earlier.file().equals(input.file())) {
                        LOG.warn("{}: {} holds an unfinished run of an earlier {} (its size or date differ): "
                                + "that folder is left as it is, and this file starts afresh", input.file(), dir,
                                input.file());
                    }
                }
                // a finished run, or another input's: never mix results, try the next name
            }
        }
    }
}
