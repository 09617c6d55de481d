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

    @Test
    void should_number_lines_ending_in_lf() {
        List<TextLine> lines = readAll("http://a/1\nhttp://a/2\nhttp://a/3\n");

        assertThat(lines).containsExactly(
                TextLine.of(1, "http://a/1"),
                TextLine.of(2, "http://a/2"),
                TextLine.of(3, "http://a/3"));
    }

    @Test
    void should_drop_the_carriage_return_of_crlf_endings() {
        List<TextLine> lines = readAll("http://a/1\r\nhttp://a/2\r\n");

        assertThat(lines).containsExactly(
                TextLine.of(1, "http://a/1"),
                TextLine.of(2, "http://a/2"));
    }

    @Test
    void should_read_a_file_mixing_lf_and_crlf_endings() {
        List<TextLine> lines = readAll("http://a/1\r\nhttp://a/2\nhttp://a/3\r\n");

        assertThat(lines).extracting(TextLine::text).containsExactly("http://a/1", "http://a/2", "http://a/3");
    }

    @Test
    void should_drop_a_utf8_bom_at_the_start_of_the_first_line() {
        byte[] input = concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, utf8("http://a/1\r\nhttp://a/2\r\n"));

        List<TextLine> lines = readAll(input);

        assertThat(lines).containsExactly(
                TextLine.of(1, "http://a/1"),
                TextLine.of(2, "http://a/2"));
    }

    @Test
    void should_skip_a_first_line_holding_only_a_bom() {
        byte[] input = concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, utf8("\nhttp://a/2\n"));

        assertThat(readAll(input)).containsExactly(TextLine.of(2, "http://a/2"));
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

        List<TextLine> lines = readAll(input);

        assertThat(lines).containsExactly(
                TextLine.of(3, "http://a/3"),
                TextLine.of(7, "http://a/7"));
    }

    @Test
    void should_keep_a_hash_that_is_not_at_the_start_of_the_line() {
        assertThat(readAll("http://a/page#section\n"))
                .containsExactly(TextLine.of(1, "http://a/page#section"));
    }

    @Test
    void should_trim_spaces_and_tabs_around_the_url() {
        List<TextLine> lines = readAll("  http://a/1  \n\thttp://a/2\t\n \t http://a/3 \t\r\n");

        assertThat(lines).extracting(TextLine::text).containsExactly("http://a/1", "http://a/2", "http://a/3");
    }

    @Test
    void should_read_a_last_line_without_a_trailing_newline() {
        List<TextLine> lines = readAll("http://a/1\nhttp://a/2");

        assertThat(lines).containsExactly(
                TextLine.of(1, "http://a/1"),
                TextLine.of(2, "http://a/2"));
    }

    @Test
    void should_give_no_lines_and_report_zero_for_empty_input() {
        List<TextLine> lines = readAll("");

        assertThat(lines).isEmpty();
    }

    @Test
    void should_report_zero_for_input_of_only_comments_and_blank_lines() {
        assertThat(readAll("# nothing here\n\n   \n")).isEmpty();
    }

    @Test
    void should_throw_no_such_element_after_the_last_line() {
        LineReader reader = reader(utf8("http://a/1\n"));
        reader.next();

        assertThatThrownBy(reader::next).isInstanceOf(NoSuchElementException.class);
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
        LineReader reader = new LineReader(in);

        reader.next();
        assertThat(closed[0]).isFalse();
        assertThat(reader.hasNext()).isFalse();

        assertThat(closed[0]).isTrue();
    }

    @Test
    void should_emit_a_line_longer_than_the_limit_as_a_defect_and_go_on_with_correct_numbers() {
        String tooLong = "http://a/" + "x".repeat(LineReader.MAX_LINE_BYTES);
        List<TextLine> lines = readAll("http://a/1\n" + tooLong + "\nhttp://a/3\n\nhttp://a/5\n");

        assertThat(lines).hasSize(4);
        TextLine defect = lines.get(1);
        assertThat(defect.line()).isEqualTo(2);
        assertThat(defect.defect()).contains("line too long");
        assertThat(defect.text()).startsWith("http://a/xxx").hasSizeLessThan(1000);
        assertThat(lines.get(0)).isEqualTo(TextLine.of(1, "http://a/1"));
        assertThat(lines.get(2)).isEqualTo(TextLine.of(3, "http://a/3"));
        assertThat(lines.get(3)).isEqualTo(TextLine.of(5, "http://a/5"));
    }

    @Test
    void should_emit_a_very_long_last_line_without_newline_as_a_defect() {
        List<TextLine> lines = readAll("http://a/1\n" + "y".repeat(3 * LineReader.MAX_LINE_BYTES));

        assertThat(lines).hasSize(2);
        assertThat(lines.get(1).line()).isEqualTo(2);
        assertThat(lines.get(1).defect()).contains("line too long");
    }

    @Test
    void should_accept_a_line_of_exactly_the_limit() {
        String atLimit = "x".repeat(LineReader.MAX_LINE_BYTES);

        List<TextLine> lines = readAll(atLimit + "\nhttp://a/2\n");

        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).defect()).isNull();
        assertThat(lines.get(0).text()).hasSize(LineReader.MAX_LINE_BYTES);
        assertThat(lines.get(1)).isEqualTo(TextLine.of(2, "http://a/2"));
    }

    @Test
    void should_accept_a_line_of_exactly_the_limit_when_it_ends_in_crlf() {
        String atLimit = "x".repeat(LineReader.MAX_LINE_BYTES);

        List<TextLine> lines = readAll(atLimit + "\r\nhttp://a/2\r\n");

        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).defect()).as("the CR of a CRLF ending is not part of the line").isNull();
        assertThat(lines.get(0).text()).hasSize(LineReader.MAX_LINE_BYTES);
    }

    @Test
    void should_emit_an_invalid_utf8_line_as_a_defect_and_go_on() {
        byte[] input = concat(utf8("http://a/1\nhttp://a/caf"), new byte[] {(byte) 0xE9},
                utf8("\nhttp://a/3\n"));

        List<TextLine> lines = readAll(input);

        assertThat(lines).hasSize(3);
        TextLine defect = lines.get(1);
        assertThat(defect.line()).isEqualTo(2);
        assertThat(defect.defect()).isEqualTo("line is not valid UTF-8 text");
        assertThat(defect.text()).startsWith("http://a/caf");
        assertThat(lines.get(0)).isEqualTo(TextLine.of(1, "http://a/1"));
        assertThat(lines.get(2)).isEqualTo(TextLine.of(3, "http://a/3"));
    }

    @Test
    void should_keep_valid_non_ascii_text() {
        assertThat(readAll("http://例え.jp/café\n")).containsExactly(TextLine.of(1, "http://例え.jp/café"));
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
        LineReader reader = new LineReader(new TrickleInputStream(utf8(input.toString()), bytesPerRead));

        List<TextLine> lines = new ArrayList<>();
        reader.forEachRemaining(lines::add);

        assertThat(lines).hasSize(count);
        for (int i = 1; i <= count; i++) {
            assertThat(lines.get(i - 1)).isEqualTo(TextLine.of(i, "https://example.org/item/" + i));
        }
    }

    @Test
    void should_join_a_crlf_split_between_two_reads() {
        // the 64 KiB read buffer ends right between the CR and the LF of the first line
        String first = "http://a/" + "x".repeat(64 * 1024 - "http://a/".length() - 1);
        List<TextLine> lines = readAll(first + "\r\nhttp://a/2\n");

        assertThat(lines).containsExactly(TextLine.of(1, first), TextLine.of(2, "http://a/2"));
    }

    private List<TextLine> readAll(String input) {
        return readAll(utf8(input));
    }

    private List<TextLine> readAll(byte[] input) {
        List<TextLine> lines = new ArrayList<>();
        reader(input).forEachRemaining(lines::add);
        return lines;
    }

    private LineReader reader(byte[] input) {
        return new LineReader(new ByteArrayInputStream(input));
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
