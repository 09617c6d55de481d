package io.apiingest.fetch.http;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.DeflaterOutputStream;

import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import io.apiingest.EncodedBodies;
import org.apache.hc.client5.http.entity.InputStreamFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The decoders HttpClient is given: what they decode, and how they tell bad data from a broken connection. */
class ContentDecoderTest {

    private static final Map<String, InputStreamFactory> OFFERED = ContentDecoder.offered();

    @Test
    void should_offer_gzip_deflate_br_and_zstd_and_gzip_by_its_old_name_too() {
        assertThat(OFFERED.keySet()).containsExactly("gzip", "x-gzip", "deflate", "br", "zstd");
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "x-gzip", "deflate", "br", "zstd"})
    void should_decode_a_body_of_each_coding_back_to_what_the_server_encoded(String coding) throws Exception {
        byte[] json = EncodedBodies.ordersJson();

        assertThat(decode(coding, EncodedBodies.orders(coding))).isEqualTo(json);
    }

    @Test
    void should_decode_deflate_without_its_zlib_wrapper_too() throws Exception {
        // RFC 9110 says zlib-wrapped; some servers send raw deflate, which HttpClient's decoder takes as well
        byte[] json = EncodedBodies.ordersJson();
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        try (OutputStream out = new DeflaterOutputStream(raw, new java.util.zip.Deflater(6, true))) {
            out.write(json);
        }

        assertThat(decode("deflate", raw.toByteArray())).isEqualTo(json);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "deflate", "br", "zstd"})
    void should_call_a_body_that_is_not_data_of_its_coding_bad_data(String coding) {
        byte[] plainJson = "{\"not\": \"compressed\"}".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> decode(coding, plainJson)).isInstanceOf(BodyDecodingException.class)
                .hasMessageStartingWith("the body is not valid " + coding + " data (");
    }

    @Test
    void should_name_what_each_decoder_found_wrong() {
        byte[] plainJson = "{\"not\": \"compressed\"}".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> decode("gzip", plainJson))
                .hasMessage("the body is not valid gzip data (Not in GZIP format)");
        assertThatThrownBy(() -> decode("br", plainJson))
                .hasMessage("the body is not valid br data (Corrupted padding bits)");
        assertThatThrownBy(() -> decode("zstd", plainJson))
                .hasMessage("the body is not valid zstd data (Unknown frame descriptor)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "deflate", "br", "zstd"})
    void should_call_a_body_that_ends_before_its_data_does_bad_data(String coding) throws Exception {
        // HttpClient throws on a body shorter than its Content-Length or chunking: one that ended cleanly is whole
        byte[] encoded = EncodedBodies.orders(coding);

        assertThatThrownBy(() -> decode(coding, Arrays.copyOf(encoded, encoded.length / 2)))
                .isInstanceOf(BodyDecodingException.class)
                .hasMessageStartingWith("the body is not valid " + coding + " data");
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "deflate", "br", "zstd"})
    void should_throw_a_failure_of_the_connection_as_it_came_not_as_bad_data(String coding) throws Exception {
        byte[] encoded = EncodedBodies.orders(coding);
        SocketException reset = new SocketException("Connection reset");
        InputStream breaking = new FilterInputStream(new ByteArrayInputStream(encoded, 0, encoded.length / 2)) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b < 0) {
                    throw reset;
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                if (n < 0) {
                    throw reset;
                }
                return n;
            }
        };

        assertThatThrownBy(() -> readAll(OFFERED.get(coding).create(breaking))).isSameAs(reset);
    }

    @Test
    void should_refuse_a_zstd_frame_that_needs_a_window_over_8_MB_and_take_one_of_8_MB() throws Exception {
        byte[] data = new byte[4 * 1024 * 1024];
        Arrays.fill(data, (byte) 'x');

        assertThat(decode("zstd", zstd(data, ContentDecoder.ZSTD_WINDOW_LOG_MAX))).isEqualTo(data);
        assertThatThrownBy(() -> decode("zstd", zstd(data, ContentDecoder.ZSTD_WINDOW_LOG_MAX + 1)))
                .isInstanceOf(BodyDecodingException.class)
                .hasMessage("the body is not valid zstd data (Frame requires too much memory for decoding)");
    }

    @Test
    void should_say_so_when_a_decoder_cannot_load_on_this_platform() {
        ContentDecoder noNative = new ContentDecoder("zstd", body -> {
            throw new UnsatisfiedLinkError("no zstd-jni in java.library.path");
        });

        assertThatThrownBy(() -> noNative.create(new ByteArrayInputStream(new byte[1])))
                .isInstanceOf(BodyDecodingException.class)
                .hasMessageStartingWith("the body is in zstd, which this platform cannot decode");
    }

    @Test
    void should_decode_a_64_MiB_br_bomb_as_a_stream_a_few_kilobytes_at_a_time() throws Exception {
        byte[] bomb = EncodedBodies.zeros64MiB("br");
        long decoded = 0;
        int largestRead = 0;
        try (InputStream in = OFFERED.get("br").create(new ByteArrayInputStream(bomb))) {
            byte[] chunk = new byte[8192];
            for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
                decoded += n;
                largestRead = Math.max(largestRead, n);
            }
        }

        assertThat(decoded).isEqualTo(64L * 1024 * 1024);
        assertThat(largestRead).isLessThanOrEqualTo(8192);
    }

    private static byte[] zstd(byte[] data, int windowLog) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZstdOutputStreamNoFinalizer zstd = new ZstdOutputStreamNoFinalizer(out)) {
            zstd.setWindowLog(windowLog);
            zstd.write(data);
        }
        return out.toByteArray();
    }

    private static byte[] decode(String coding, byte[] encoded) throws IOException {
        try (InputStream in = OFFERED.get(coding).create(new ByteArrayInputStream(encoded))) {
            return readAll(in);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        return in.readAllBytes();
    }
}
