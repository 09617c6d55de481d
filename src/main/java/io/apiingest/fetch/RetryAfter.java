package io.apiingest.fetch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/**
 * Reads an HTTP {@code Retry-After} value: delay-seconds or an HTTP-date (RFC 9110 §10.2.3) in any of the three
 * forms a recipient must accept (§5.6.7): IMF-fixdate, and the obsolete RFC 850 and asctime forms that old
 * servers and proxies still send.
 */
public final class RetryAfter {

    /**
     * "Sunday, 06-Nov-94 08:49:37 GMT" after its weekday: a two-digit year, read as 2000-2099 first (see
     * {@link #rfc850}); the weekday is not checked, as it would be against the wrong century.
     */
    private static final DateTimeFormatter RFC_850 =
            DateTimeFormatter.ofPattern("dd-MMM-yy HH:mm:ss zzz", Locale.ENGLISH);
    /** "Sun Nov  6 08:49:37 1994": no zone, which means GMT; a one-digit day is padded with a space. */
    private static final DateTimeFormatter ASCTIME =
            DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private RetryAfter() {
    }

    /** @return the wait in milliseconds (never negative), or null when the value is absent or unreadable */
    public static Long toMillis(String value, Clock clock) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        if (v.chars().allMatch(Character::isDigit)) {
            try {
                return Math.multiplyExact(Long.parseLong(v), 1000L);
            } catch (ArithmeticException | NumberFormatException tooLarge) {
                return Long.MAX_VALUE;
            }
        }
        Instant now = clock.instant();
        Instant at = httpDate(v, now);
        return at == null ? null : Math.max(0, Duration.between(now, at).toMillis());
    }

    private static Instant httpDate(String v, Instant now) {
        for (DateTimeFormatter form : List.of(DateTimeFormatter.RFC_1123_DATE_TIME, ASCTIME)) {
            try {
                return ZonedDateTime.parse(v, form).toInstant();
            } catch (DateTimeParseException notThisForm) {
                // the next form
            }
        }
        int weekdayEnd = v.indexOf(", ");
        if (weekdayEnd < 0) {
            return null;
        }
        try {
            return rfc850(ZonedDateTime.parse(v.substring(weekdayEnd + 2), RFC_850), now);
        } catch (DateTimeParseException notADate) {
            return null;
        }
    }

    /** RFC 9110: a two-digit year more than 50 years ahead means the most recent past year ending in those digits. */
    private static Instant rfc850(ZonedDateTime at, Instant now) {
        ZonedDateTime fiftyYearsAhead = now.atZone(ZoneOffset.UTC).plusYears(50);
        return (at.isAfter(fiftyYearsAhead) ? at.minusYears(100) : at).toInstant();
    }
}
