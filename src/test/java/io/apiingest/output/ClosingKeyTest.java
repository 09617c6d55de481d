package io.apiingest.output;

import static org.assertj.core.api.Assertions.assertThat;

import io.apiingest.flow.ChainResume;
import io.apiingest.flow.RecordKey;
import org.junit.jupiter.api.Test;

/**
 * The key of the error record that ends an unfinished line where its chain has got to (the intake's deadline
 * records over Kafka): never a key already held, so the record always finishes the line.
 */
class ClosingKeyTest {

    private final FileLedger ledger = new FileLedger();

    @Test
    void should_close_a_line_without_pages_with_its_only_record_and_a_chain_at_its_first_page() {
        assertThat(ledger.closingKey(4, RecordKey.NO_PAGE)).isEqualTo(RecordKey.of(4));
        assertThat(ledger.closingKey(4, 1)).isEqualTo(new RecordKey(4, 1, RecordKey.NO_ITEM));
        assertThat(ledger.closingKey(4, 3)).as("resumed at page 3").isEqualTo(new RecordKey(4, 3, RecordKey.NO_ITEM));
    }

    @Test
    void should_close_a_chain_at_the_page_after_the_last_done() {
        ledger.record(new RecordKey(4, 1, RecordKey.NO_ITEM));
        ledger.pageDone(4, 1);
        ledger.moreToCome(4, new ChainResume(2, 0, 0, "http://127.0.0.1:9/?page=2", null));

        assertThat(ledger.closingKey(4, 1)).isEqualTo(new RecordKey(4, 2, RecordKey.NO_ITEM));
    }

    @Test
    void should_close_a_page_whose_items_are_coming_with_that_page() {
        ledger.record(new RecordKey(4, 1, 0));
        ledger.record(new RecordKey(4, 1, 1));

        RecordKey closing = ledger.closingKey(4, 1);

        assertThat(closing).isEqualTo(new RecordKey(4, 1, RecordKey.NO_ITEM));
        assertThat(ledger.isRecorded(closing)).isFalse();
    }

    @Test
    void should_close_after_a_page_whose_record_is_written_and_whose_end_has_not_come() {
        ledger.record(new RecordKey(4, 2, RecordKey.NO_ITEM));

        RecordKey closing = ledger.closingKey(4, 1);

        assertThat(closing).isEqualTo(new RecordKey(4, 3, RecordKey.NO_ITEM));
        assertThat(ledger.isRecorded(closing)).isFalse();
    }
}
