package io.apiingest.flow;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A file's deadline in its own process, and as another process's request tells it (a worker's). */
class FileDeadlinesTest {

    @Test
    void should_tell_the_instant_a_files_deadline_passes() {
        FileDeadlines intake = new FileDeadlines(60);
        intake.start("orders");
        long expected = System.currentTimeMillis() + 60_000;

        assertThat(intake.passesAt("orders")).isBetween(expected - 1_000, expected + 1_000);
        assertThat(intake.passesAt("other")).isNull();
        intake.end("orders");
        assertThat(intake.passesAt("orders")).isNull();
    }

    @Test
    void should_keep_to_a_deadline_told_whatever_its_own_setting() {
        FileDeadlines worker = new FileDeadlines(0);

        worker.told("orders", System.currentTimeMillis() + 60_000);
        assertThat(worker.passed("orders")).isFalse();
        assertThat(worker.remainingMs("orders")).isBetween(58_000L, 60_000L);

        worker.told("orders", System.currentTimeMillis() - 1);
        assertThat(worker.passed("orders")).as("the latest request decides").isTrue();
        assertThat(worker.remainingMs("orders")).isZero();

        worker.told("orders", null);
        assertThat(worker.passed("orders")).as("a request without a deadline").isFalse();
        assertThat(worker.remainingMs("orders")).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void should_keep_to_its_own_clock_for_its_own_files() {
        FileDeadlines all = new FileDeadlines(60);
        all.told("orders", System.currentTimeMillis() - 1); // of an earlier file of that name
        all.start("orders");

        assertThat(all.passed("orders")).isFalse();
    }
}
