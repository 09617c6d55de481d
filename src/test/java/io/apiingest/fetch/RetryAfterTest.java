package io.apiingest.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class RetryAfterTest {

    /** Wed, 21 Oct 2015 07:28:00 GMT minus five seconds. */
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2015-10-21T07:27:55Z"), ZoneOffset.UTC);

    @Test
    void should_read_delay_seconds_as_milliseconds() {
        assertThat(RetryAfter.toMillis("3", CLOCK)).isEqualTo(3_000L);
        assertThat(RetryAfter.toMillis("120", CLOCK)).isEqualTo(120_000L);
    }

    @Test
    void should_read_zero_surrounded_by_spaces() {
        assertThat(RetryAfter.toMillis(" 0 ", CLOCK)).isEqualTo(0L);
    }

    @Test
    void should_read_an_http_date_as_the_time_left_until_it() {
        assertThat(RetryAfter.toMillis("Wed, 21 Oct 2015 07:28:00 GMT", CLOCK)).isEqualTo(5_000L);
    }

    @Test
    void should_read_an_http_date_in_the_past_as_no_wait() {
        assertThat(RetryAfter.toMillis("Tue, 20 Oct 2015 07:28:00 GMT", CLOCK)).isEqualTo(0L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Wednesday, 21-Oct-15 07:28:00 GMT", "Wed Oct 21 07:28:00 2015", " Wed Oct 21 07:28:00 2015 "})
    void should_read_the_obsolete_rfc_850_and_asctime_dates_too(String value) {
        assertThat(RetryAfter.toMillis(value, CLOCK)).isEqualTo(5_000L);
    }

    @Test
    void should_read_an_asctime_date_with_a_one_digit_day_padded_with_a_space() {
        Clock nov6 = Clock.fixed(Instant.parse("1994-11-06T08:49:00Z"), ZoneOffset.UTC);

        assertThat(RetryAfter.toMillis("Sun Nov  6 08:49:37 1994", nov6)).isEqualTo(37_000L);
    }

    @Test
    void should_read_a_two_digit_year_more_than_50_years_ahead_as_the_last_century() {
        // RFC 9110 §5.6.7: "Sunday, 06-Nov-94" read in 2015 is 1994, not 2094, so it is in the past: no wait
        assertThat(RetryAfter.toMillis("Sunday, 06-Nov-94 08:49:37 GMT", CLOCK)).isEqualTo(0L);
        Clock in1994 = Clock.fixed(Instant.parse("1994-11-06T08:49:00Z"), ZoneOffset.UTC);
        assertThat(RetryAfter.toMillis("Sunday, 06-Nov-94 08:49:37 GMT", in1994)).isEqualTo(37_000L);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "   ", "soon", "-1", "1.5", "3s", "21 Oct 2015", "Wed, 32 Oct 2015 07:28:00 GMT",
            "Wed Oct 21 07:28:00", "Wednesday, 21-Oct-15 07:28:00"})
    void should_give_null_for_an_absent_or_unreadable_value(String value) {
        assertThat(RetryAfter.toMillis(value, CLOCK)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"9223372036854775807", "9223372036854776", "99999999999999999999999999"})
    void should_cap_a_huge_number_of_seconds_instead_of_overflowing(String value) {
        assertThat(RetryAfter.toMillis(value, CLOCK)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void should_read_the_largest_number_of_seconds_that_fits_exactly() {
        long seconds = Long.MAX_VALUE / 1000;

        assertThat(RetryAfter.toMillis(Long.toString(seconds), CLOCK)).isEqualTo(seconds * 1000);
    }
}
