package io.apiingest.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LineReaderTest {

    private static final String JOB = "urls-job";

    private final List<Long> endCounts = new ArrayList<>();

    @Test
    void should_number_lines_ending_in_lf() {
        List<UrlLine> lines = readAll("http://a/1\nhttp://a/2\nhttp://a/3\n");

        assertThat(lines).containsExactly(
                UrlLine.of(JOB, 1, "http://a/1"),
                UrlLine.of(JOB, 2, "http://a/2"),
                UrlLine.of(JOB, 3, "http://a/3"));
    }

    @Test
    void should_drop_the_carriage_return_of_crlf_endings() {
        List<UrlLine> lines = readAll("http://a/1\r\nhttp://a/2\r\n");

        assertThat(lines).containsExactly(
                UrlLine.of(JOB, 1, "http://a/1"),
                UrlLine.of(JOB, 2, "http://a/2"));
    }

    @Test
    void should_read_a_file_mixing_lf_and_crlf_endings() {
        List<UrlLine> lines = readAll("http://a/1\r\nhttp://a/2\nhttp://a/3\r\n");

        assertThat(lines).extracting(UrlLine::text).containsExactly("http://a/1", "http://a/2", "http://a/3");
    }

    @Test
    void should_drop_a_utf8_bom_at_the_start_of_the_first_line() {
        byte[] input = concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, utf8("http://a/1\r\nhttp://a/2\r\n"));

        List<UrlLine> lines = readAll(input);

        assertThat(lines).containsExactly(
                UrlLine.of(JOB, 1, "http://a/1"),
                UrlLine.of(JOB, 2, "http://a/2"));
    }

    @Test
    void should_skip_a_first_line_holding_only_a_bom() {
        byte[] input = concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, utf8("\nhttp://a/2\n"));

        assertThat(readAll(input)).containsExactly(UrlLine.of(JOB, 2, "http://a/2"));
    }

    @Test
    void should_skip_blank_lines_and_comments_but_keep_physical_line_numbers() {
        String input = "# header comment\n"
                + "\n"
                + "http://a/3\n"
                + "   \t  \n"
                + "  # indented comment\n"
                + "\r\n"
                + "http://a/7\n";

        List<UrlLine> lines = readAll(input);

        assertThat(lines).containsExactly(
                UrlLine.of(JOB, 3, "http://a/3"),
                UrlLine.of(JOB, 7, "http://a/7"));
    }

    @Test
    void should_keep_a_hash_that_is_not_at_the_start_of_the_line() {
        assertThat(readAll("http://a/page#section\n"))
                .containsExactly(UrlLine.of(JOB, 1, "http://a/page#section"));
    }

    @Test
    void should_trim_spaces_and_tabs_around_the_url() {
        List<UrlLine> lines = readAll("  http://a/1  \n\thttp://a/2\t\n \t http://a/3 \t\r\n");

        assertThat(lines).extracting(UrlLine::text).containsExactly("http://a/1", "http://a/2", "http://a/3");
    }

    @Test
    void should_read_a_last_line_without_a_trailing_newline() {
        List<UrlLine> lines = readAll("http://a/1\nhttp://a/2");

        assertThat(lines).containsExactly(
                UrlLine.of(JOB, 1, "http://a/1"),
                UrlLine.of(JOB, 2, "http://a/2"));
        assertThat(endCounts).containsExactly(2L);
    }

    @Test
    void should_give_no_lines_and_report_zero_for_empty_input() {
        List<UrlLine> lines = readAll("");

        assertThat(lines).isEmpty();
        assertThat(endCounts).containsExactly(0L);
    }

    @Test
    void should_report_zero_for_input_of_only_comments_and_blank_lines() {
        assertThat(readAll("# nothing here\n\n   \n")).isEmpty();
        assertThat(endCounts).containsExactly(0L);
    }

    @Test
    void should_report_the_number_of_emitted_lines_exactly_once() {
        LineReader reader = reader(utf8("# c\nhttp://a/2\n\nhttp://a/4\n" + "x".repeat(LineReader.MAX_LINE_BYTES + 1)
                + "\nhttp://a/6\n"));

        int emitted = 0;
        while (reader.hasNext()) {
            assertThat(endCounts).as("onEnd is told only when the input is exhausted").isEmpty();
            reader.next();
            emitted++;
        }
        assertThat(reader.hasNext()).isFalse();
        assertThat(reader.hasNext()).isFalse();

        assertThat(emitted).isEqualTo(4);
        assertThat(endCounts).containsExactly(4L);
    }

    @Test
    void should_throw_no_such_element_after_the_last_line() {
        LineReader reader = reader(utf8("http://a/1\n"));
        reader.next();

        assertThatThrownBy(reader::next).isInstanceOf(NoSuchElementException.class);
        assertThat(endCounts).containsExactly(1L);
    }

    @Test
    void should_close_the_input_once_it_is_exhausted() {
        boolean[] closed = {false};
        InputStream in = new ByteArrayInputStream(utf8("http://a/1\n")) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        LineReader reader = new LineReader(in, JOB, endCounts::add);

        reader.next();
        assertThat(closed[0]).isFalse();
        assertThat(reader.hasNext()).isFalse();

        assertThat(closed[0]).isTrue();
    }

    @Test
    void should_emit_a_line_longer_than_the_limit_as_a_defect_and_go_on_with_correct_numbers() {
        String tooLong = "http://a/" + "x".repeat(LineReader.MAX_LINE_BYTES);
        List<UrlLine> lines = readAll("http://a/1\n" + tooLong + "\nhttp://a/3\n\nhttp://a/5\n");

        assertThat(lines).hasSize(4);
        UrlLine defect = lines.get(1);
        assertThat(defect.line()).isEqualTo(2);
        assertThat(defect.job()).isEqualTo(JOB);
        assertThat(defect.defect()).contains("line too long");
        assertThat(defect.text()).startsWith("http://a/xxx").hasSizeLessThan(1000);
        assertThat(lines.get(0)).isEqualTo(UrlLine.of(JOB, 1, "http://a/1"));
        assertThat(lines.get(2)).isEqualTo(UrlLine.of(JOB, 3, "http://a/3"));
        assertThat(lines.get(3)).isEqualTo(UrlLine.of(JOB, 5, "http://a/5"));
        assertThat(endCounts).containsExactly(4L);
    }

    @Test
    void should_emit_a_very_long_last_line_without_newline_as_a_defect() {
        List<UrlLine> lines = readAll("http://a/1\n" + "y".repeat(3 * LineReader.MAX_LINE_BYTES));

        assertThat(lines).hasSize(2);
        assertThat(lines.get(1).line()).isEqualTo(2);
        assertThat(lines.get(1).defect()).contains("line too long");
    }

    @Test
    void should_accept_a_line_of_exactly_the_limit() {
        String atLimit = "x".repeat(LineReader.MAX_LINE_BYTES);

        List<UrlLine> lines = readAll(atLimit + "\nhttp://a/2\n");

        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).defect()).isNull();
        assertThat(lines.get(0).text()).hasSize(LineReader.MAX_LINE_BYTES);
        assertThat(lines.get(1)).isEqualTo(UrlLine.of(JOB, 2, "http://a/2"));
    }

    @Test
    void should_accept_a_line_of_exactly_the_limit_when_it_ends_in_crlf() {
        String atLimit = "x".repeat(LineReader.MAX_LINE_BYTES);

        List<UrlLine> lines = readAll(atLimit + "\r\nhttp://a/2\r\n");

        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).defect()).as("the CR of a CRLF ending is not part of the line").isNull();
        assertThat(lines.get(0).text()).hasSize(LineReader.MAX_LINE_BYTES);
    }

    @Test
    void should_emit_an_invalid_utf8_line_as_a_defect_and_go_on() {
        byte[] input = concat(utf8("http://a/1\nhttp://a/caf"), new byte[] {(byte) 0xE9},
                utf8("\nhttp://a/3\n"));

        List<UrlLine> lines = readAll(input);

        assertThat(lines).hasSize(3);
        UrlLine defect = lines.get(1);
        assertThat(defect.line()).isEqualTo(2);
        assertThat(defect.defect()).isEqualTo("line is not valid UTF-8 text");
        assertThat(defect.text()).startsWith("http://a/caf");
        assertThat(lines.get(0)).isEqualTo(UrlLine.of(JOB, 1, "http://a/1"));
        assertThat(lines.get(2)).isEqualTo(UrlLine.of(JOB, 3, "http://a/3"));
    }

    @Test
    void should_keep_valid_non_ascii_text() {
        assertThat(readAll("http://例え.jp/café\n")).containsExactly(UrlLine.of(JOB, 1, "http://例え.jp/café"));
    }

    @ParameterizedTest(name = "{0}-byte reads")
    @ValueSource(ints = {1, 7, 4096, Integer.MAX_VALUE})
    void should_number_every_line_of_a_large_input_across_read_boundaries(int bytesPerRead) {
        int count = 20_000;
        StringBuilder input = new StringBuilder();
        for (int i = 1; i <= count; i++) {
            input.append("https://example.org/item/").append(i).append(i % 3 == 0 ? "\r\n" : "\n");
        }
        assertThat(input.length()).isGreaterThan(4 * 64 * 1024);
        LineReader reader = new LineReader(new TrickleInputStream(utf8(input.toString()), bytesPerRead), JOB,
                endCounts::add);

        List<UrlLine> lines = new ArrayList<>();
        reader.forEachRemaining(lines::add);

        assertThat(lines).hasSize(count);
        for (int i = 1; i <= count; i++) {
            assertThat(lines.get(i - 1)).isEqualTo(UrlLine.of(JOB, i, "https://example.org/item/" + i));
        }
        assertThat(endCounts).containsExactly((long) count);
    }

    @Test
    void should_join_a_crlf_split_between_two_reads() {
        // the 64 KiB read buffer ends right between the CR and the LF of the first line
        String first = "http://a/" + "x".repeat(64 * 1024 - "http://a/".length() - 1);
        List<UrlLine> lines = readAll(first + "\r\nhttp://a/2\n");

        assertThat(lines).containsExactly(UrlLine.of(JOB, 1, first), UrlLine.of(JOB, 2, "http://a/2"));
    }

    private List<UrlLine> readAll(String input) {
        return readAll(utf8(input));
    }

    private List<UrlLine> readAll(byte[] input) {
        List<UrlLine> lines = new ArrayList<>();
        reader(input).forEachRemaining(lines::add);
        return lines;
    }

    private LineReader reader(byte[] input) {
        return new LineReader(new ByteArrayInputStream(input), JOB, endCounts::add);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** Hands out at most {@code perRead} bytes per read, as a slow disk or pipe would. */
    private static final class TrickleInputStream extends ByteArrayInputStream {
        private final int perRead;

        TrickleInputStream(byte[] bytes, int perRead) {
            super(bytes);
            this.perRead = perRead;
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            return super.read(b, off, Math.min(len, perRead));
        }
    }
}
