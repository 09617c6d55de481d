package io.apiingest.fetch.pace;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** One origin's pace on a clock of the test's: its limits, its queue, how 429s slow it and time brings it back. */
class OriginPaceTest {

    private static final long MS = 1_000_000L;

    /** Runs what is handed over at once; keeps what is scheduled for the test to run. */
    private static final class ManualScheduler extends ScheduledThreadPoolExecutor {
        final List<Runnable> scheduled = new ArrayList<>();

        ManualScheduler() {
            super(1);
        }

        @Override
        public void execute(Runnable command) {
            command.run();
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            scheduled.add(command);
            return super.schedule(() -> { }, 1, TimeUnit.DAYS);
        }

        void runScheduled() {
            List<Runnable> due = new ArrayList<>(scheduled);
            scheduled.clear();
            due.forEach(Runnable::run);
        }
    }

    private final AtomicLong now = new AtomicLong(1_000_000_000_000L);
    private final ManualScheduler scheduler = new ManualScheduler();
    private final AtomicInteger ran = new AtomicInteger();

    @AfterEach
    void stop_scheduler() {
        scheduler.shutdownNow();
    }

    private OriginPace pace(int concurrency, double rate, boolean adaptive) {
        return new OriginPace("http://127.0.0.1:9", concurrency, rate, adaptive, scheduler, now::get, 60_000);
    }

    @Test
    void should_hold_at_most_its_concurrency_in_flight_and_let_the_next_in_when_one_exits() {
        OriginPace pace = pace(2, 0, true);

        assertThat(pace.enterOrQueue(ran::incrementAndGet)).isTrue();
        assertThat(pace.enterOrQueue(ran::incrementAndGet)).isTrue();
        assertThat(pace.enterOrQueue(ran::incrementAndGet)).as("full: queued").isFalse();
        assertThat(ran).hasValue(0);

        pace.exit(200, -1, RateLimitSignals.NONE);

        assertThat(ran).as("the queued one, on its place").hasValue(1);
        assertThat(pace.waitingCount()).isZero();
    }

    @Test
    void should_space_its_starts_by_its_fixed_rate() {
        OriginPace pace = pace(10, 10, false);

        assertThat(pace.enterOrQueue(ran::incrementAndGet)).isTrue();
        assertThat(pace.enterOrQueue(ran::incrementAndGet)).as("100 ms apart").isFalse();
        now.addAndGet(99 * MS);
        scheduler.runScheduled();
        assertThat(ran).hasValue(0);
        now.addAndGet(MS);
        scheduler.runScheduled();
        assertThat(ran).hasValue(1);
    }

    @Test
    void should_halve_its_pace_from_the_rate_it_was_asked_at_and_pause_for_retry_after_on_a_429() {
        OriginPace pace = pace(50, 0, true);
        for (int i = 0; i < 20; i++) { // 20 requests over the last second
            assertThat(pace.enterOrQueue(ran::incrementAndGet)).isTrue();
            pace.exit(200, -1, RateLimitSignals.NONE);
            now.addAndGet(50 * MS);
        }
        assertThat(pace.pace()).isInfinite();

        pace.enterOrQueue(ran::incrementAndGet);
        pace.exit(429, 1_000 * MS, RateLimitSignals.NONE);

        assertThat(pace.pace()).isCloseTo(10.5, org.assertj.core.data.Offset.offset(0.6));
        assertThat(pace.concurrencyNow()).as("12 at the start (a quarter of 50), 20 successes, halved").isEqualTo(16);
        assertThat(pace.enterOrQueue(ran::incrementAndGet)).as("paused for its Retry-After").isFalse();
        now.addAndGet(1_000 * MS);
        scheduler.runScheduled();
        assertThat(ran).hasValue(1);
        assertThat(pace.refusals()).isEqualTo(1);
        assertThat(pace.pauses()).isEqualTo(1);
    }

    @Test
    void should_count_a_burst_of_refusals_as_one_slowdown() {
        OriginPace pace = pace(16, 0, true);
        for (int i = 0; i < 4; i++) {
            assertThat(pace.enterOrQueue(ran::incrementAndGet)).as("its slow start: a quarter of 16 at once").isTrue();
        }
        assertThat(pace.enterOrQueue(ran::incrementAndGet)).isFalse();
        for (int i = 0; i < 4; i++) {
            pace.exit(429, -1, RateLimitSignals.NONE);
        }

        assertThat(pace.concurrencyNow()).as("halved once").isEqualTo(2);
        assertThat(pace.refusals()).isEqualTo(4);
    }

    @Test
    void should_start_with_a_quarter_of_its_concurrency_and_at_least_four() {
        assertThat(pace(1000, 0, true).concurrencyNow()).isEqualTo(250);
        assertThat(pace(50, 0, true).concurrencyNow()).isEqualTo(12);
        assertThat(pace(10, 0, true).concurrencyNow()).isEqualTo(4);
        assertThat(pace(3, 0, true).concurrencyNow()).isEqualTo(3);
        assertThat(pace(1000, 0, false).concurrencyNow()).as("not adaptive: its limit at once").isEqualTo(1000);
    }

    @Test
    void should_win_its_pace_back_with_time_until_it_has_no_limit_of_its_own() {
        OriginPace pace = pace(50, 0, true);
        for (int i = 0; i < 20; i++) {
            pace.enterOrQueue(ran::incrementAndGet);
            pace.exit(200, -1, RateLimitSignals.NONE);
            now.addAndGet(50 * MS);
        }
        pace.enterOrQueue(ran::incrementAndGet);
        pace.exit(503, -1, RateLimitSignals.NONE);
        double slowed = pace.pace();

        now.addAndGet(2_000 * MS);
        assertThat(pace.pace()).as("half way back after 2 s, with no request in between").isGreaterThan(slowed)
                .isLessThan(slowed * 2);
        now.addAndGet(2_000 * MS);
        assertThat(pace.pace()).as("back at the refused rate after 4 s").isCloseTo(slowed * 2,
                org.assertj.core.data.Offset.offset(0.5));
        now.addAndGet(11_000 * MS);
        assertThat(pace.pace()).as("then grown past any limit").isInfinite();
    }

    @Test
    void should_keep_to_an_announced_quota_and_pause_until_the_reset_when_none_is_left() {
        OriginPace pace = pace(50, 0, true);
        pace.enterOrQueue(ran::incrementAndGet);
        pace.exit(200, -1, new RateLimitSignals(5, 3, 30));

        assertThat(pace.pace()).isEqualTo(5);

        pace.enterOrQueue(ran::incrementAndGet);
        pace.exit(200, -1, new RateLimitSignals(5, 0, 2));
        now.addAndGet(1_000 * MS);
        assertThat(pace.enterOrQueue(ran::incrementAndGet)).as("none left until the reset, 2 s away").isFalse();
        now.addAndGet(1_000 * MS);
        scheduler.runScheduled();
        assertThat(ran).hasValue(1);
    }

    @Test
    void should_halve_the_announced_quota_on_a_429_that_comes_while_a_none_left_pause_is_ahead() {
        OriginPace pace = pace(50, 0, true);
        for (int i = 0; i < 10; i++) { // a first wave, all at once
            assertThat(pace.enterOrQueue(ran::incrementAndGet)).isTrue();
        }
        now.addAndGet(20 * MS);
        pace.exit(200, -1, new RateLimitSignals(20, 0, 1)); // a quota of 20/s, none left until 1 s from now

        pace.exit(429, 1_000 * MS, RateLimitSignals.NONE);

        // asked at far more than the quota: half the quota, not the floor (the pause ahead is no resume)
        assertThat(pace.pace()).isCloseTo(10, org.assertj.core.data.Offset.offset(0.5));
    }

    @Test
    void should_neither_slow_nor_pause_on_a_429_when_not_adaptive() {
        OriginPace pace = pace(4, 0, false);
        pace.enterOrQueue(ran::incrementAndGet);

        pace.exit(429, 5_000 * MS, new RateLimitSignals(1, 0, 10));

        assertThat(pace.pace()).isInfinite();
        assertThat(pace.concurrencyNow()).isEqualTo(4);
        assertThat(pace.enterOrQueue(ran::incrementAndGet)).isTrue();
        assertThat(pace.refusals()).isEqualTo(1);
    }

    @Test
    void should_take_a_queued_request_out_of_line_when_it_is_withdrawn() {
        OriginPace pace = pace(1, 0, true);
        pace.enterOrQueue(ran::incrementAndGet);
        Runnable queued = ran::incrementAndGet;
        pace.enterOrQueue(queued);

        assertThat(pace.withdraw(queued)).isTrue();
        pace.exit(200, -1, RateLimitSignals.NONE);

        assertThat(ran).as("it was out of line: not run").hasValue(0);
    }
}
