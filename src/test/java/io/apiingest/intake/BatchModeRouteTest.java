package io.apiingest.intake;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import io.apiingest.flow.StopSignal;
import io.apiingest.metrics.IngestMetrics;
import io.apiingest.settings.IngestSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Batch mode's question, "is anything left to take?", answered for an inbox that holds files, and one that is gone. */
class BatchModeRouteTest {

    @TempDir
    Path work;

    private BatchModeRoute batchModeOn(Path inbox) {
        IngestSettings settings = IngestSettings.from(key -> Optional.ofNullable(Map.of("ingest.inbox",
                inbox.toString(), "ingest.outbox", work.resolve("outbox").toString(), "ingest.once", "true").get(key)));
        return new BatchModeRoute(new Inbox(settings, new StopSignal(), new IngestMetrics(new SimpleMeterRegistry())),
                settings);
    }

    @Test
    void should_see_a_waiting_file_and_take_an_inbox_deleted_under_the_run_for_an_empty_one() throws Exception {
        Path inbox = Files.createDirectories(work.resolve("inbox"));
        Files.writeString(inbox.resolve("urls.txt"), "http://127.0.0.1:9/\n");
        BatchModeRoute batchMode = batchModeOn(inbox);

        assertThat(batchMode.hasWaitingFiles()).isTrue();

        Files.delete(inbox.resolve("urls.txt"));
        Files.delete(inbox);
        assertThat(batchMode.hasWaitingFiles()).as("gone: nothing to wait for, so the run can end").isFalse();
    }
}
