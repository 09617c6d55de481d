package io.apiingest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;

/**
 * Response bodies in each content coding: a JSON document of orders, and bombs. The br ones are files made with
 * the brotli tool (Java has no brotli encoder), as src/test/resources/encodings/README.md says.
 */
public final class EncodedBodies {

    private static final Path FOLDER = Path.of("src", "test", "resources", "encodings");

    private EncodedBodies() {
    }

    /** The JSON that every encoded orders body decodes to. */
    public static byte[] ordersJson() throws IOException {
        return Files.readAllBytes(FOLDER.resolve("orders.json"));
    }

    /** {@link #ordersJson()} in the coding: gzip (or x-gzip), deflate (zlib-wrapped, as RFC 9110 says), br or zstd. */
    public static byte[] orders(String coding) throws IOException {
        return coding.equals("br") ? Files.readAllBytes(FOLDER.resolve("orders.json.br"))
                : encode(coding, ordersJson());
    }

    /** 64 MiB of zeros in the coding: a few dozen bytes of br, a few kilobytes of zstd. */
    public static byte[] zeros64MiB(String coding) throws IOException {
        if (coding.equals("br")) {
            return Files.readAllBytes(FOLDER.resolve("zeros-64MiB.br"));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream encoder = encoder(coding, out)) {
            byte[] zeros = new byte[1024 * 1024];
            for (int i = 0; i < 64; i++) {
                encoder.write(zeros);
            }
        }
        return out.toByteArray();
    }

    private static byte[] encode(String coding, byte[] content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream encoder = encoder(coding, out)) {
            encoder.write(content);
        }
        return out.toByteArray();
    }

    private static OutputStream encoder(String coding, OutputStream out) throws IOException {
        return switch (coding) {
            case "gzip", "x-gzip" -> new GZIPOutputStream(out);
            case "deflate" -> new DeflaterOutputStream(out);
            case "zstd" -> new ZstdOutputStreamNoFinalizer(out);
            default -> throw new IllegalArgumentException("no encoder here for " + coding);
        };
    }
}
