package io.apiingest.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The quick pre-scan behind the progress total counts the URL lines the reader will hand out, no more, no less. */
class UrlLineCountTest {

    @TempDir
    Path dir;

    @Test
    void should_count_one_per_url_line() throws IOException {
        assertThat(UrlLineCount.of(file("http://a/1\nhttp://a/2\nhttp://a/3\n"))).isEqualTo(3);
    }

    @Test
    void should_skip_blank_and_whitespace_only_lines() throws IOException {
        assertThat(UrlLineCount.of(file("\nhttp://a/1\n   \n\t\n \t \nhttp://a/2\n\n"))).isEqualTo(2);
    }

    @Test
    void should_skip_comments_also_after_leading_white_space() throws IOException {
        assertThat(UrlLineCount.of(file("# header\nhttp://a/1\n   # indented\n\t#tabbed\nhttp://a/2 # not a comment\n")))
                .isEqualTo(2);
    }

    @Test
    void should_count_crlf_lines_once_and_skip_blank_crlf_lines() throws IOException {
        assertThat(UrlLineCount.of(file("http://a/1\r\n\r\n  \r\nhttp://a/2\r\n#c\r\n"))).isEqualTo(2);
    }

    @Test
    void should_not_count_a_byte_order_mark_as_a_line() throws IOException {
        assertThat(UrlLineCount.of(file("\uFEFF# header\nhttp://a/1\n"))).isEqualTo(1);
        assertThat(UrlLineCount.of(file("\uFEFF\nhttp://a/1\n"))).isEqualTo(1);
        assertThat(UrlLineCount.of(file("\uFEFFhttp://a/1\n"))).isEqualTo(1);
    }

    @Test
    void should_count_a_last_line_without_a_newline() throws IOException {
        assertThat(UrlLineCount.of(file("http://a/1\nhttp://a/2"))).isEqualTo(2);
    }

    @Test
    void should_count_lines_that_are_not_urls_since_they_become_error_records() throws IOException {
        assertThat(UrlLineCount.of(file("not a url\nftp://a/1\n  x  \n"))).isEqualTo(3);
    }

    @Test
    void should_count_nothing_in_an_empty_file_or_one_of_only_comments() throws IOException {
        assertThat(UrlLineCount.of(file(""))).isZero();
        assertThat(UrlLineCount.of(file("# a\n#b\n\n   \r\n"))).isZero();
    }

    @Test
    void should_count_across_the_read_buffer_boundary() throws IOException {
        StringBuilder text = new StringBuilder();
        int urls = 0;
        while (text.length() < 600 * 1024) {
            text.append("http://127.0.0.1/").append(urls++).append(urls % 7 == 0 ? "\r\n  # c\n\n" : "\n");
        }
        assertThat(UrlLineCount.of(file(text.toString()))).isEqualTo(urls);
    }

    @Test
    void should_agree_with_the_line_reader_on_a_mixed_file() throws IOException {
        String mixed = "# orders to fetch\r\n"
                + "\r\n"
                + "http://a/1\r\n"
                + "   http://a/2   \n"
                + "\t# indented comment\n"
                + "   \n"
                + "not a url\n"
                + "http://a/3\r\n"
                + "\n"
                + "#\n"
                + "x".repeat(LineReader.MAX_LINE_BYTES + 10) + "\n"
                + "http://a/\u00e9\n"
                + "http://a/4";
        Path file = dir.resolve("mixed.txt");
        Files.write(file, concat(mixed.getBytes(StandardCharsets.UTF_8), new byte[] {'\n', (byte) 0xC3, '\n'}));

        long counted = UrlLineCount.of(file);

        assertThat(counted).isEqualTo(8);
        assertThat(counted).as("the line reader's count at the end").isEqualTo(readerCount(file));
    }

    @Test
    void should_return_minus_one_for_a_missing_file() {
        assertThat(UrlLineCount.of(dir.resolve("gone.txt"))).isEqualTo(-1);
    }

    @Test
    void should_return_minus_one_for_a_folder() throws IOException {
        assertThat(UrlLineCount.of(Files.createDirectory(dir.resolve("folder")))).isEqualTo(-1);
    }

    private Path file(String text) throws IOException {
        return Files.writeString(dir.resolve("urls-" + System.nanoTime() + ".txt"), text, StandardCharsets.UTF_8);
    }

    private static long readerCount(Path file) throws IOException {
        List<Long> ends = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file);
             RequestStream requests = new RequestStream(new LineRequests(new LineReader(in),
                     new UrlLineParser("job", "GET", null, new RequestParts(Map.of()))::parse), line -> false,
                     () -> false, ends::add, () -> { })) {
            requests.forEachRemaining(request -> { });
        }
        assertThat(ends).as("onEnd is told once").hasSize(1);
        return ends.get(0);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
