package io.apiingest.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class OriginTallyTest {

    private static final String A = "https://a.example";
    private static final String B = "http://127.0.0.1:8080";

    @Test
    void should_drain_a_workers_counts_since_the_last_drain_with_the_pace_now() {
        OriginTally worker = new OriginTally();
        worker.paceFrom(origin -> origin.equals(A) ? 2.54 : Double.POSITIVE_INFINITY);
        worker.count("orders", A, 200);
        worker.count("orders", A, 429);
        worker.count("orders", B, 503);
        worker.count("other", A, 200);

        assertThat(worker.drain("orders")).isEqualTo(Map.of(
                A, new OriginTally.Figures(2, 1, 2.54),
                B, new OriginTally.Figures(1, 1, null)));
        assertThat(worker.drain("orders")).as("nothing new").isEmpty();
        worker.count("orders", B, 200);
        assertThat(worker.drain("orders")).isEqualTo(Map.of(B, new OriginTally.Figures(1, 0, null)));
        assertThat(worker.drain("unknown")).isEmpty();
    }

    @Test
    void should_add_up_the_figures_from_elsewhere_with_the_last_pace_reported() {
        OriginTally intake = new OriginTally();
        intake.paceFrom(origin -> Double.POSITIVE_INFINITY); // the intake sends nothing itself
        intake.open("orders");

        assertThat(intake.add("orders", Map.of(A, new OriginTally.Figures(3, 1, 4.0)))).isTrue();
        intake.add("orders", Map.of(A, new OriginTally.Figures(2, 0, 2.04), B, new OriginTally.Figures(1, 0, null)));

        assertThat(intake.take("orders")).isEqualTo(Map.of(
                A, new OriginTally.Figures(5, 1, 2.0),
                B, new OriginTally.Figures(1, 0, null)));
        assertThat(intake.add("orders", Map.of(A, new OriginTally.Figures(1, 0, null)))).as("finished: dropped")
                .isFalse();
        assertThat(intake.take("orders")).isEmpty();
    }

    @Test
    void should_count_and_take_in_one_process_as_before() {
        OriginTally local = new OriginTally();
        local.paceFrom(origin -> 10.0);
        local.open("orders");
        local.count("orders", A, 503);
        local.count("orders", A, 200);

        assertThat(local.take("orders")).isEqualTo(Map.of(A, new OriginTally.Figures(2, 1, 10.0)));
    }
}
