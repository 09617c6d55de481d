package io.apiingest.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.apiingest.flow.FetchRequest;
import org.junit.jupiter.api.Test;

class RequestStreamTest {

    private final List<Long> endCounts = new ArrayList<>();
    private final AtomicInteger handedOut = new AtomicInteger();

    @Test
    void should_report_the_number_of_requests_exactly_once_when_the_input_ends() {
        RequestStream stream = stream("# c\nhttp://a/2\n\nhttp://a/4\n" + "x".repeat(LineReader.MAX_LINE_BYTES + 1)
                + "\nnot a url\n", line -> false, new AtomicBoolean());

        int emitted = 0;
        while (stream.hasNext()) {
            assertThat(endCounts).as("onEnd is told only when the input is exhausted").isEmpty();
            stream.next();
            emitted++;
        }
        assertThat(stream.hasNext()).isFalse();

        assertThat(emitted).as("a line too long and a line that is no URL are requests with a defect").isEqualTo(4);
        assertThat(endCounts).containsExactly(4L);
        assertThat(handedOut).hasValue(4);
        assertThatThrownBy(stream::next).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void should_count_but_not_hand_out_the_lines_an_earlier_run_recorded() {
        RequestStream stream = stream("http://a/1\nhttp://a/2\nhttp://a/3\n", line -> line == 2, new AtomicBoolean());

        List<Long> lines = new ArrayList<>();
        stream.forEachRemaining(request -> lines.add(request.line()));

        assertThat(lines).containsExactly(1L, 3L);
        assertThat(endCounts).containsExactly(3L);
    }

    @Test
    void should_hand_out_nothing_more_and_report_no_count_once_a_stop_is_asked_for() {
        AtomicBoolean stop = new AtomicBoolean();
        RequestStream stream = stream("http://a/1\nhttp://a/2\nhttp://a/3\n", line -> false, stop);

        FetchRequest first = stream.next();
        stop.set(true);

        assertThat(first.line()).isEqualTo(1);
        assertThat(stream.hasNext()).isFalse();
        assertThat(endCounts).as("a stopped file is not complete").isEmpty();
    }

    private RequestStream stream(String input, java.util.function.LongPredicate recorded, AtomicBoolean stop) {
        LineReader reader = new LineReader(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
        RequestSource source = new LineRequests(reader,
                new UrlLineParser("job", "GET", null, new RequestParts(Map.of()))::parse);
        return new RequestStream(source, recorded, stop::get, endCounts::add, handedOut::incrementAndGet);
    }
}
