package io.apiingest.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class HostThrottleTest {

    private static final URI A = URI.create("http://127.0.0.1:8001/items/1");
    private static final URI A_OTHER_PATH = URI.create("http://127.0.0.1:8001/other");
    private static final URI B = URI.create("http://127.0.0.1:8002/items/1");

    private final HostThrottle throttle = new HostThrottle(8, 500, 60_000, Clock.systemUTC());

    @Test
    void should_let_attempts_to_a_host_that_answers_normally_through_and_forget_it_when_idle() throws Exception {
        List<HostThrottle.Ticket> held = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            held.add(throttle.enter(A, () -> false));
        }
        assertThat(held).as("no limit below the concurrency while a host is at full speed").doesNotContainNull();
        held.forEach(ticket -> throttle.leave(ticket, 200, null));

        assertThat(throttle.hostsKnown()).isZero();
    }

    @Test
    void should_pause_every_url_of_a_host_for_the_retry_after_of_a_429() throws Exception {
        throttle.leave(throttle.enter(A, () -> false), 429, "1");

        long asked = System.nanoTime();
        HostThrottle.Ticket next = throttle.enter(A_OTHER_PATH, () -> false);

        assertThat(Duration.ofNanos(System.nanoTime() - asked)).as("another URL of the same host waited")
                .isGreaterThanOrEqualTo(Duration.ofMillis(900));
        throttle.leave(next, 200, null);
    }

    @Test
    void should_count_a_host_by_scheme_host_and_port_whatever_the_path_query_or_case() throws Exception {
        throttle.leave(throttle.enter(URI.create("http://API.example.org:8001?page=1"), () -> false), 429, "60");

        assertThat(throttle.enter(URI.create("http://api.example.org:8001/items/7"), () -> true)).isNull();
        assertThat(throttle.enter(URI.create("https://api.example.org:8001/items/7"), () -> true)).isNotNull();
        assertThat(throttle.enter(URI.create("http://api.example.org:8002/items/7"), () -> true)).isNotNull();
    }

    @Test
    void should_not_slow_down_other_hosts() throws Exception {
        throttle.leave(throttle.enter(A, () -> false), 429, "60");

        assertThat(throttle.enter(B, () -> false)).isNotNull();
        assertThat(throttle.enter(A, () -> true)).as("A is paused: the caller gives up").isNull();
    }

    @Test
    void should_halve_a_hosts_room_once_for_a_round_of_429s_and_win_it_back_with_successes() throws Exception {
        List<HostThrottle.Ticket> round = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            round.add(throttle.enter(A, () -> false));
        }
        // all eight were sent before the first answer: one cut, not eight
        round.forEach(ticket -> throttle.leave(ticket, 429, "0"));

        List<HostThrottle.Ticket> next = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            next.add(throttle.enter(A, () -> false));
        }
        assertThat(throttle.enter(A, giveUpAfter(Duration.ofMillis(300)))).as("a fifth waits for room").isNull();

        // no growing for a second after a 429 (rate limits count per second): successes now change nothing
        next.forEach(ticket -> throttle.leave(ticket, 200, null));
        succeed(40);
        List<HostThrottle.Ticket> held = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            held.add(throttle.enter(A, () -> false));
        }
        assertThat(throttle.enter(A, giveUpAfter(Duration.ofMillis(300)))).as("still four during the hold").isNull();
        held.forEach(ticket -> throttle.leave(ticket, 200, null));

        // then each success adds 1/limit: a round of successes adds one attempt of room, up to the concurrency
        Thread.sleep(1_100);
        succeed(40);
        List<HostThrottle.Ticket> full = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            full.add(throttle.enter(A, giveUpAfter(Duration.ofMillis(300))));
        }
        assertThat(full).as("back to full speed").doesNotContainNull();
        full.forEach(ticket -> throttle.leave(ticket, 200, null));
        assertThat(throttle.hostsKnown()).isZero();
    }

    @Test
    void should_double_the_pause_while_a_host_keeps_answering_503_without_retry_after() throws Exception {
        HostThrottle quick = new HostThrottle(8, 200, 60_000, Clock.systemUTC());
        quick.leave(quick.enter(A, () -> false), 503, null);
        long first = timeToEnter(quick);
        quick.leave(quick.enter(A, () -> false), 503, null);
        // enter() returned above after the first pause; this second 503 in a row doubles it
        long second = timeToEnter(quick);

        assertThat(first).isGreaterThanOrEqualTo(150);
        assertThat(second).isGreaterThanOrEqualTo(350);
    }

    private void succeed(int attempts) throws InterruptedException {
        for (int i = 0; i < attempts; i++) {
            throttle.leave(throttle.enter(A, () -> false), 200, null);
        }
    }

    private static long timeToEnter(HostThrottle throttle) throws InterruptedException {
        long asked = System.nanoTime();
        HostThrottle.Ticket ticket = throttle.enter(A, () -> false);
        long waitedMs = (System.nanoTime() - asked) / 1_000_000;
        throttle.leave(ticket, null, null);
        return waitedMs;
    }

    private static java.util.function.BooleanSupplier giveUpAfter(Duration patience) {
        long until = System.nanoTime() + patience.toNanos();
        return () -> System.nanoTime() - until > 0;
    }
}
