package io.apiingest.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

class RequestGateTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Test
    void should_hold_requests_in_flight_to_the_concurrency_and_let_all_through() {
        int concurrency = 3;
        int workers = 12;
        RequestGate gate = new RequestGate(concurrency, 0);
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        AtomicInteger completed = new AtomicInteger();
        Semaphore finishOne = new Semaphore(0);
        AtomicReference<Throwable> failure = new AtomicReference<>();

        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            threads.add(started(() -> {
                try {
                    gate.enter();
                    try {
                        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                        finishOne.acquire();
                        inFlight.decrementAndGet();
                        completed.incrementAndGet();
                    } finally {
                        gate.leave();
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            }));
        }

        // Lets the requests finish one at a time. Before each, waits until as many as may be are inside and
        // every worker is parked (inside, or at the gate), so a gate that let one more in would be caught here.
        for (int finished = 0; finished < workers; finished++) {
            int done = finished;
            int expected = Math.min(concurrency, workers - finished);
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(5)).until(
                    () -> completed.get() == done && inFlight.get() >= expected && allParkedOrDone(threads));
            assertThat(inFlight.get()).as("in flight with %d requests left", workers - finished)
                    .isEqualTo(expected);
            assertThat(gate.inFlight()).isEqualTo(expected);
            finishOne.release();
        }
        await().atMost(PATIENCE).until(() -> threads.stream().noneMatch(Thread::isAlive));

        assertThat(failure.get()).isNull();
        assertThat(completed.get()).isEqualTo(workers);
        assertThat(maxInFlight.get()).isEqualTo(concurrency);
        assertThat(gate.inFlight()).isZero();
    }

    @Test
    void should_space_request_starts_to_the_rate() {
        double rate = 50;
        long spacingNanos = (long) (1_000_000_000L / rate);
        int threads = 5;
        int startsPerThread = 6;
        ConcurrentLinkedQueue<Long> starts = new ConcurrentLinkedQueue<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();

        long before = System.nanoTime();
        RequestGate gate = new RequestGate(10, rate);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(started(() -> {
                try {
                    for (int i = 0; i < startsPerThread; i++) {
                        gate.enter();
                        gate.awaitStartTurn();
                        starts.add(System.nanoTime());
                        gate.leave();
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }));
        }
        await().atMost(PATIENCE).until(() -> workers.stream().noneMatch(Thread::isAlive));

        assertThat(failure.get()).isNull();
        long[] sorted = starts.stream().mapToLong(Long::longValue).sorted().toArray();
        assertThat(sorted).hasSize(threads * startsPerThread);
        // The k-th start may not come before k spacings have passed since the gate opened. Anchoring on the
        // gate's creation (not on the previous start, which may itself have woken late) makes this a true lower
        // bound however loaded the machine is.
        for (int k = 0; k < sorted.length; k++) {
            assertThat(sorted[k] - before).as("start %d, in ns after the gate opened", k)
                    .isGreaterThanOrEqualTo(k * spacingNanos);
        }
    }

    @Test
    void should_hand_out_places_in_line_one_spacing_apart_without_recording_starts() throws Exception {
        double rate = 20;
        long spacingNanos = (long) (1_000_000_000L / rate);
        RequestGate gate = new RequestGate(10, rate);
        ConcurrentLinkedQueue<Long> reached = new ConcurrentLinkedQueue<>();
        long before = System.nanoTime();
        List<Thread> waiting = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            waiting.add(started(() -> {
                try {
                    gate.awaitPlaceInLine(() -> false);
                    reached.add(System.nanoTime());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        await().atMost(PATIENCE).until(() -> waiting.stream().noneMatch(Thread::isAlive));

        long[] sorted = reached.stream().mapToLong(Long::longValue).sorted().toArray();
        assertThat(sorted).hasSize(6);
        for (int k = 0; k < sorted.length; k++) {
            assertThat(sorted[k] - before).as("place %d, in ns after the gate opened", k)
                    .isGreaterThanOrEqualTo(k * spacingNanos);
        }
        // a place is not a start: the exact check still lets the first request through at once
        long asked = System.nanoTime();
        gate.awaitStartTurn();
        assertThat(System.nanoTime() - asked).isLessThan(spacingNanos);
    }

    @Test
    void should_count_the_last_windows_starts_against_a_lowered_rate() throws Exception {
        RequestGate gate = new RequestGate(10, 1000);
        long before = System.nanoTime();
        for (int i = 0; i < 5; i++) {
            gate.awaitStartTurn(); // five starts 1 ms apart
        }
        gate.limitTo(5);

        gate.awaitStartTurn();

        // the window already holds 5 starts: the sixth waits until the first is a window old
        assertThat(System.nanoTime() - before).isGreaterThanOrEqualTo(gate.windowNanos(5));
        assertThat(gate.rate()).isEqualTo(5);
    }

    @Test
    void should_hold_every_start_while_paused_and_let_waiting_places_go_once_the_rate_is_raised() throws Exception {
        RequestGate gate = new RequestGate(10, 100);
        gate.limitTo(0);
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread waiting = started(() -> {
            try {
                outcome.set(gate.awaitPlaceInLine(() -> false));
                gate.awaitStartTurn();
            } catch (Exception e) {
                outcome.set(e);
            }
        });
        await().atMost(PATIENCE).until(() -> waiting.getState() == Thread.State.TIMED_WAITING);
        // well past one spacing of the old rate (10 ms): the pause holds it
        await().during(Duration.ofMillis(300)).atMost(PATIENCE).until(waiting::isAlive);

        gate.limitTo(Double.POSITIVE_INFINITY);

        await().atMost(PATIENCE).until(() -> !waiting.isAlive());
        assertThat(outcome.get()).isEqualTo(true);
    }

    @Test
    void should_give_up_waiting_while_paused_when_told_to() throws Exception {
        RequestGate gate = new RequestGate(2, 10);
        gate.limitTo(0);
        AtomicBoolean stopping = new AtomicBoolean();
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread waiting = started(() -> {
            try {
                outcome.set(gate.awaitPlaceInLine(stopping::get));
            } catch (InterruptedException e) {
                outcome.set(e);
            }
        });
        await().atMost(PATIENCE).until(() -> waiting.getState() == Thread.State.TIMED_WAITING);

        stopping.set(true);

        await().atMost(PATIENCE).until(() -> !waiting.isAlive());
        assertThat(outcome.get()).isEqualTo(false);
    }

    @Test
    void should_not_delay_the_first_start_under_a_rate() throws Exception {
        RequestGate gate = new RequestGate(1, 0.001);

        gate.enter();
        assertThat(gate.awaitPlaceInLine(() -> false)).isTrue();
        gate.awaitStartTurn();

        assertThat(gate.inFlight()).isEqualTo(1);
        gate.leave();
        assertThat(gate.inFlight()).isZero();
    }

    @Test
    void should_give_up_waiting_for_a_place_in_the_rates_line_when_told_to() throws Exception {
        // one start per 1000 s: the second caller waits for its turn far longer than the test runs
        RequestGate gate = new RequestGate(2, 0.001);
        assertThat(gate.awaitPlaceInLine(() -> false)).isTrue();
        AtomicBoolean stopping = new AtomicBoolean();
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread second = started(() -> {
            try {
                outcome.set(gate.awaitPlaceInLine(stopping::get));
            } catch (InterruptedException e) {
                outcome.set(e);
            }
        });
        await().atMost(PATIENCE).until(() -> second.getState() == Thread.State.TIMED_WAITING);

        stopping.set(true);
        await().atMost(PATIENCE).until(() -> !second.isAlive());

        assertThat(outcome.get()).as("gave up before its place came").isEqualTo(false);
    }

    @Test
    void should_stop_waiting_for_the_rate_when_interrupted() {
        // one start per 1000 s: the second caller waits for its turn far longer than the test runs
        RequestGate gate = new RequestGate(2, 0.001);
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread first = started(() -> {
            try {
                gate.awaitStartTurn();
            } catch (java.io.InterruptedIOException e) {
                outcome.set(e);
            }
        });
        await().atMost(PATIENCE).until(() -> !first.isAlive());
        Thread second = started(() -> {
            try {
                gate.awaitStartTurn();
                outcome.set(new AssertionError("started although the rate allowed no second start"));
            } catch (java.io.InterruptedIOException e) {
                outcome.set(e);
            }
        });
        await().atMost(PATIENCE).until(() -> second.getState() == Thread.State.TIMED_WAITING);

        second.interrupt();
        await().atMost(PATIENCE).until(() -> !second.isAlive());

        assertThat(outcome.get()).isInstanceOf(java.io.InterruptedIOException.class);
    }

    private static boolean allParkedOrDone(List<Thread> threads) {
        return threads.stream().map(Thread::getState)
                .allMatch(s -> s == Thread.State.WAITING || s == Thread.State.TERMINATED);
    }

    private static Thread started(Runnable work) {
        Thread thread = new Thread(work);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
