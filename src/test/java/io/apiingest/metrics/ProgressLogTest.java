package io.apiingest.metrics;

import static org.assertj.core.api.Assertions.assertThat;


import io.apiingest.flow.FileProgress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The periodic progress line of a file in progress, and how it writes the time left. */
class ProgressLogTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void should_show_lines_done_of_the_total_the_rate_over_the_interval_errors_and_the_time_left() {
        // 100 more lines in the last 2 s: 50 URLs/s; 750 left: 15 s
        String line = line(new FileProgress("orders.txt", 250, 3, 1000, 0, 0), 150, 10 * SECOND,
                12 * SECOND);

        assertThat(line).isEqualTo("orders.txt: 250 of 1,000 lines done (25%), 50 URLs/s, 3 errors, ETA 15 s");
    }

    @Test
    void should_show_pages_and_items_with_their_rates_for_a_file_of_chains() {
        // 2 lines done of 10; 40 pages (20 more in 4 s: 5/s) and 4,000 items (2,000 more: 500/s)
        FileProgress file = new FileProgress("pages.txt", 2, 0, 10, 0, 0, 40, 4_000);

        String line = ProgressLog.line(file, new ProgressLog.Sample(1, 20, 2_000, 0), 4 * SECOND);

        assertThat(line).isEqualTo("pages.txt: 2 of 10 lines done (20%), 0 URLs/s, 40 pages (5/s), "
                + "4,000 items (500/s), 0 errors, ETA 32 s");
    }

    @Test
    void should_write_minutes_with_two_digit_seconds_in_the_eta() {
        // 1 URL/s, 125 left
        String line = line(new FileProgress("orders.txt", 75, 0, 200, 0, 0), 65, 0, 10 * SECOND);

        assertThat(line).isEqualTo("orders.txt: 75 of 200 lines done (37%), 1 URLs/s, 0 errors, ETA 2 min 05 s");
    }

    @Test
    void should_write_hours_with_two_digit_minutes_in_the_eta() {
        // 1 URL/s, 3,720 left
        String line = line(new FileProgress("big.txt", 1_280, 12_345, 5_000, 0, 0), 1_270, 0, 10 * SECOND);

        assertThat(line).isEqualTo("big.txt: 1,280 of 5,000 lines done (25%), 1 URLs/s, 12,345 errors, ETA 1 h 02 min");
    }

    @Test
    void should_show_only_the_lines_done_while_the_total_is_not_known() {
        String line = line(new FileProgress("huge.txt", 4_200, 7, -1, 0, 0), 4_000, 0, 4 * SECOND);

        assertThat(line).isEqualTo("huge.txt: 4,200 lines done, 50 URLs/s, 7 errors");
    }

    @Test
    void should_give_no_eta_when_nothing_was_recorded_in_the_interval() {
        String line = line(new FileProgress("stuck.txt", 10, 0, 40, 0, 0), 10, 0, 5 * SECOND);

        assertThat(line).isEqualTo("stuck.txt: 10 of 40 lines done (25%), 0 URLs/s, 0 errors");
    }

    @Test
    void should_not_go_past_100_percent_when_the_estimate_was_short() {
        String line = line(new FileProgress("grew.txt", 12, 0, 10, 0, 0), 2, 0, SECOND);

        assertThat(line).isEqualTo("grew.txt: 12 of 10 lines done (100%), 10 URLs/s, 0 errors, ETA 0 s");
    }

    @ParameterizedTest
    @CsvSource({
        "0, 0 s",
        "37, 37 s",
        "59, 59 s",
        "60, 1 min 00 s",
        "125, 2 min 05 s",
        "3599, 59 min 59 s",
        "3600, 1 h 00 min",
        "3720, 1 h 02 min",
        "3779, 1 h 02 min",
        "90000, 25 h 00 min"})
    void should_write_a_duration_in_its_largest_two_units(long seconds, String shown) {
        assertThat(ProgressLog.duration(seconds)).isEqualTo(shown);
    }

    private static String line(FileProgress now, long recordedBefore, long nanosBefore, long nanosNow) {
        return ProgressLog.line(now, new ProgressLog.Sample(recordedBefore, nanosBefore), nanosNow);
    }
}
