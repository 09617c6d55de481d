package io.apiingest.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RetryPolicyTest {

    private static final long FIRST = 500;
    private static final long MAX = 60_000;
    private static final int SAMPLES = 2_000;

    private final RetryPolicy policy = new RetryPolicy(3, FIRST, MAX);

    @Test
    void should_expose_the_number_of_retries() {
        assertThat(policy.maxRetries()).isEqualTo(3);
    }

    @Test
    void should_wait_what_the_server_asked_for_in_retry_after() {
        assertThat(policy.delayMs(1, 7_000L)).isEqualTo(7_000L);
        assertThat(policy.delayMs(5, 0L)).isEqualTo(0L);
    }

    @Test
    void should_cap_retry_after_at_the_max_delay() {
        assertThat(policy.delayMs(1, 3_600_000L)).isEqualTo(MAX);
        assertThat(policy.delayMs(1, Long.MAX_VALUE)).isEqualTo(MAX);
    }

    @ParameterizedTest(name = "attempt {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 10, 30, 31, 32, 60})
    void should_back_off_exponentially_with_equal_jitter_capped_at_the_max(int failedAttempt) {
        long d = Math.min(FIRST * (1L << Math.min(failedAttempt - 1, 40)), MAX);

        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < SAMPLES; i++) {
            long delay = policy.delayMs(failedAttempt, null);
            assertThat(delay).isBetween(d / 2, d).isLessThanOrEqualTo(MAX);
            seen.add(delay);
        }

        assertThat(seen).as("jitter spreads the waits").hasSizeGreaterThan(1);
    }

    @Test
    void should_double_the_wait_range_with_each_failed_attempt() {
        assertThat(maxOfSamples(1)).isLessThanOrEqualTo(500).isGreaterThan(250);
        assertThat(maxOfSamples(2)).isLessThanOrEqualTo(1_000).isGreaterThan(500);
        assertThat(maxOfSamples(3)).isLessThanOrEqualTo(2_000).isGreaterThan(1_000);
    }

    @Test
    void should_never_exceed_the_max_delay_even_with_a_large_first_delay() {
        RetryPolicy slow = new RetryPolicy(100, 3_600_000, 86_400_000);

        for (int attempt = 1; attempt <= 100; attempt++) {
            assertThat(slow.delayMs(attempt, null)).isBetween(0L, 86_400_000L);
        }
    }

    @Test
    void should_not_wait_when_the_delays_are_zero() {
        RetryPolicy immediate = new RetryPolicy(3, 0, 0);

        assertThat(immediate.delayMs(1, null)).isZero();
        assertThat(immediate.delayMs(60, null)).isZero();
        assertThat(immediate.delayMs(1, 5_000L)).isZero();
    }

    private long maxOfSamples(int failedAttempt) {
        long max = 0;
        for (int i = 0; i < SAMPLES; i++) {
            max = Math.max(max, policy.delayMs(failedAttempt, null));
        }
        return max;
    }
}
