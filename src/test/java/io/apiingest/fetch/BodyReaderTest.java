package io.apiingest.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

import org.junit.jupiter.api.Test;

class BodyReaderTest {

    private final BodyReader reader = new BodyReader(10);

    @Test
    void should_keep_a_body_up_to_the_limit() throws IOException {
        BodyReader.Body body = reader.read(bytes(10), true);

        assertThat(body.tooLarge()).isFalse();
        assertThat(body.bytes()).hasSize(10);
    }

    @Test
    void should_stop_at_the_first_byte_over_the_limit_and_keep_nothing() throws IOException {
        CountingStream endless = new CountingStream();

        BodyReader.Body body = reader.read(endless, true);

        assertThat(body.tooLarge()).isTrue();
        assertThat(body.bytes()).isNull();
        assertThat(endless.served).isEqualTo(11);
    }

    @Test
    void should_count_without_keeping_when_asked_to() throws IOException {
        assertThat(reader.read(bytes(10), false)).isEqualTo(new BodyReader.Body(null, false));
        assertThat(reader.read(bytes(11), false).tooLarge()).isTrue();
    }

    @Test
    void should_read_no_body_as_an_empty_one() throws IOException {
        assertThat(reader.read(null, true).bytes()).isEmpty();
    }

    private static InputStream bytes(int count) {
        return new ByteArrayInputStream(new byte[count]);
    }

    /** A body without end, one byte per read, that counts what it served. */
    private static final class CountingStream extends InputStream {
        long served;

        @Override
        public int read() {
            served++;
            return 'x';
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            buffer[offset] = 'x';
            served++;
            return 1;
        }
    }
}
