package io.apiingest.fetch.pace;

import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The rate-limit fields servers send, each form read into one quota, remaining count and reset. */
class RateLimitSignalsTest {

    private static final double NOW = 1_764_590_000;

    private static RateLimitSignals of(String... headers) {
        Map<String, String> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < headers.length; i += 2) {
            byName.put(headers[i], headers[i + 1]);
        }
        return RateLimitSignals.of(byName::get, NOW);
    }

    @Test
    void should_read_the_ietf_structured_fields() {
        RateLimitSignals signals = of("RateLimit-Policy", "\"default\";q=100;w=60", "RateLimit", "\"default\";r=0;t=30");

        assertThat(signals.quotaPerSecond()).isCloseTo(100 / 60.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(signals.remaining()).isZero();
        assertThat(signals.resetSeconds()).isEqualTo(30);
        assertThat(signals.exhausted()).isTrue();
    }

    @Test
    void should_read_x_ratelimit_with_a_reset_in_epoch_seconds_or_as_a_delta() {
        RateLimitSignals epoch = of("X-RateLimit-Limit", "5000", "X-RateLimit-Remaining", "0",
                "X-RateLimit-Reset", Long.toString((long) NOW + 42));
        RateLimitSignals delta = of("x-ratelimit-remaining", "7", "x-ratelimit-reset", "12");

        assertThat(epoch.remaining()).isZero();
        assertThat(epoch.resetSeconds()).isEqualTo(42);
        assertThat(epoch.exhausted()).isTrue();
        assertThat(delta.remaining()).isEqualTo(7);
        assertThat(delta.resetSeconds()).isEqualTo(12);
        assertThat(delta.exhausted()).isFalse();
        assertThat(Double.isNaN(delta.quotaPerSecond())).as("no window, no quota").isTrue();
    }

    @Test
    void should_read_the_earlier_drafts_fields() {
        RateLimitSignals signals = of("RateLimit-Limit", "10", "RateLimit-Remaining", "4", "RateLimit-Reset", "3");

        assertThat(signals.remaining()).isEqualTo(4);
        assertThat(signals.resetSeconds()).isEqualTo(3);
    }

    @Test
    void should_say_nothing_for_a_response_without_such_fields_or_with_garbage_in_them() {
        assertThat(of().any()).isFalse();
        assertThat(of("X-RateLimit-Remaining", "lots", "RateLimit-Policy", "whatever").any()).isFalse();
    }
}
