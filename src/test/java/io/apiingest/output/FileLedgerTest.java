package io.apiingest.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.apiingest.flow.ChainResume;
import io.apiingest.flow.RecordKey;
import org.junit.jupiter.api.Test;

/** When a file is complete, which records are done, and what a resume rebuilds, record key by record key. */
class FileLedgerTest {

    private static final ChainResume NEXT = new ChainResume(2, 0, 0, "http://127.0.0.1:9/?page=2", null);

    private final FileLedger ledger = new FileLedger();

    @Test
    void should_finish_a_line_with_its_only_record_and_complete_once_the_input_is_read() {
        ledger.record(RecordKey.of(1));
        ledger.record(RecordKey.of(2));
        assertThat(ledger.isFinished(1)).isTrue();
        assertThat(ledger.isComplete()).as("the input is not read to the end yet").isFalse();

        ledger.inputRead(3);
        assertThat(ledger.isComplete()).as("line 3 is missing").isFalse();

        ledger.record(RecordKey.of(3));
        assertThat(ledger.isComplete()).isTrue();
        assertThat(ledger.records()).isEqualTo(3);
    }

    @Test
    void should_not_complete_while_a_line_has_more_to_come() {
        ledger.record(RecordKey.of(1));
        ledger.record(new RecordKey(2, 1, RecordKey.NO_ITEM));
        ledger.moreToCome(2, NEXT);
        ledger.inputRead(2);
        assertThat(ledger.isFinished(2)).isFalse();
        assertThat(ledger.isComplete()).as("page 2 of line 2 is on its way").isFalse();

        ledger.record(new RecordKey(2, 2, RecordKey.NO_ITEM));
        assertThat(ledger.isComplete()).as("a page's record does not end its chain").isFalse();

        ledger.finished(2);
        assertThat(ledger.isComplete()).isTrue();
        assertThat(ledger.finishedLines()).isEqualTo(2);
        assertThat(ledger.records()).isEqualTo(3);
    }

    @Test
    void should_keep_items_of_a_page_apart_from_the_page_and_from_each_other() {
        RecordKey page = new RecordKey(5, 1, RecordKey.NO_ITEM);
        RecordKey item0 = new RecordKey(5, 1, 0);
        RecordKey item1 = new RecordKey(5, 1, 1);

        ledger.record(item0);

        assertThat(ledger.isRecorded(item0)).isTrue();
        assertThat(ledger.isRecorded(item1)).isFalse();
        assertThat(ledger.isRecorded(page)).isFalse();
        assertThat(ledger.isRecorded(RecordKey.of(5))).isFalse();
        assertThat(ledger.isFinished(5)).isFalse();
    }

    @Test
    void should_drop_a_key_recorded_twice() {
        assertThat(ledger.record(RecordKey.of(7))).isTrue();
        assertThat(ledger.record(RecordKey.of(7))).isFalse();
        assertThat(ledger.record(new RecordKey(8, 3, 2))).isTrue();
        assertThat(ledger.record(new RecordKey(8, 3, 2))).isFalse();

        assertThat(ledger.records()).isEqualTo(2);
        assertThat(ledger.finishedLines()).as("line 7 only: line 8's chain has not ended").isEqualTo(1);
    }

    @Test
    void should_rebuild_from_the_keys_a_resume_finds_and_refuse_a_key_found_twice() {
        ledger.takeUp(RecordKey.of(1));
        ledger.takeUp(RecordKey.of(3));
        ledger.takeUp(new RecordKey(2, 1, RecordKey.NO_ITEM));

        assertThat(ledger.isFinished(1)).isTrue();
        assertThat(ledger.isFinished(2)).as("a chain with a recorded page goes on after a resume").isFalse();
        assertThat(ledger.isFinished(3)).isTrue();
        assertThat(ledger.isRecorded(new RecordKey(2, 1, RecordKey.NO_ITEM))).isTrue();
        assertThat(ledger.record(RecordKey.of(3))).as("a line the earlier run wrote is not written again")
                .isFalse();
        assertThatThrownBy(() -> ledger.takeUp(RecordKey.of(1))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("line 1");
    }

    @Test
    void should_refuse_more_to_come_for_a_finished_line() {
        ledger.record(RecordKey.of(4));

        assertThatThrownBy(() -> ledger.moreToCome(4, NEXT)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void should_count_a_finished_line_once() {
        ledger.finished(9);
        ledger.finished(9);
        ledger.inputRead(1);

        assertThat(ledger.finishedLines()).isEqualTo(1);
        assertThat(ledger.isComplete()).isTrue();
    }
}
