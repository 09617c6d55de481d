package io.apiingest.intake;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextFileCheckTest {

    private static final int SAMPLE = 64 * 1024;

    @TempDir
    Path dir;

    private final TextFileCheck check = new TextFileCheck();

    @Test
    void should_refuse_a_file_holding_a_nul_byte() throws IOException {
        Path file = write("nul.txt", concat(utf8("http://a/1\nhttp://"), new byte[] {0}, utf8("a/2\n")));

        assertThatThrownBy(() -> check.check(file.toFile()))
                .isInstanceOf(UnreadableInputException.class)
                .hasMessageContaining("NUL")
                .hasMessageContaining("offset 18");
    }

    @Test
    void should_refuse_a_utf16_file_for_its_nul_bytes() throws IOException {
        Path file = write("utf16.txt", "http://a/1\n".getBytes(StandardCharsets.UTF_16LE));

        assertThatThrownBy(() -> check.check(file.toFile()))
                .isInstanceOf(UnreadableInputException.class)
                .hasMessageContaining("NUL");
    }

    @Test
    void should_refuse_a_file_that_starts_with_invalid_utf8() throws IOException {
        Path file = write("latin1.txt", concat(new byte[] {(byte) 0xFF, (byte) 0xFE, 'h', 't'}, utf8("tp://a\n")));

        assertThatThrownBy(() -> check.check(file.toFile()))
                .isInstanceOf(UnreadableInputException.class)
                .hasMessageContaining("not UTF-8");
    }

    @Test
    void should_refuse_latin1_text() throws IOException {
        Path file = write("latin1.txt", "http://a/café\nhttp://a/2\n".getBytes(StandardCharsets.ISO_8859_1));

        assertThatThrownBy(() -> check.check(file.toFile()))
                .isInstanceOf(UnreadableInputException.class)
                .hasMessageContaining("not UTF-8")
                .hasMessageContaining("offset 12");
    }

    @Test
    void should_refuse_a_small_file_that_ends_inside_a_multibyte_character() throws IOException {
        byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
        Path file = write("cut.txt", concat(utf8("http://a/"), new byte[] {euro[0], euro[1]}));

        assertThatThrownBy(() -> check.check(file.toFile()))
                .isInstanceOf(UnreadableInputException.class)
                .hasMessageContaining("not UTF-8");
    }

    @Test
    void should_accept_utf8_text_with_non_ascii_characters() throws IOException {
        Path file = write("ok.txt", utf8("\uFEFFhttp://例え.jp/café\nhttps://example.org/€/😀\n"));

        assertThatCode(() -> check.check(file.toFile())).doesNotThrowAnyException();
    }

    @Test
    void should_accept_an_empty_file() throws IOException {
        Path file = write("empty.txt", new byte[0]);

        assertThatCode(() -> check.check(file.toFile())).doesNotThrowAnyException();
    }

    @Test
    void should_accept_a_large_file_whose_sample_boundary_cuts_a_two_byte_character() throws IOException {
        assertSampleBoundaryCutIsAccepted("é");
    }

    @Test
    void should_accept_a_large_file_whose_sample_boundary_cuts_a_three_byte_character() throws IOException {
        assertSampleBoundaryCutIsAccepted("€");
    }

    @Test
    void should_accept_a_large_file_whose_sample_boundary_cuts_a_four_byte_character() throws IOException {
        assertSampleBoundaryCutIsAccepted("😀");
    }

    @Test
    void should_refuse_a_file_of_exactly_the_sample_size_that_ends_inside_a_character() throws IOException {
        byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
        byte[] content = concat(utf8("a".repeat(SAMPLE - 2)), new byte[] {euro[0], euro[1]});
        Path file = write("exact.txt", content);

        assertThatThrownBy(() -> check.check(file.toFile()))
                .isInstanceOf(UnreadableInputException.class)
                .hasMessageContaining("not UTF-8");
    }

    /** Puts {@code character} so that the first byte of it is the last byte of the sample, the rest after it. */
    private void assertSampleBoundaryCutIsAccepted(String character) throws IOException {
        byte[] encoded = character.getBytes(StandardCharsets.UTF_8);
        byte[] content = concat(utf8("a".repeat(SAMPLE - 1)), encoded, utf8("\nhttp://a/2\n"));
        Path file = write("large.txt", content);

        assertThatCode(() -> check.check(file.toFile())).doesNotThrowAnyException();
    }

    private Path write(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
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
}
