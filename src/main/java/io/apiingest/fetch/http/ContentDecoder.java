package io.apiingest.fetch.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import io.apiingest.flow.Causes;
import org.apache.hc.client5.http.entity.BrotliInputStreamFactory;
import org.apache.hc.client5.http.entity.DeflateInputStreamFactory;
import org.apache.hc.client5.http.entity.GZIPInputStreamFactory;
import org.apache.hc.client5.http.entity.InputStreamFactory;

/**
 * One content coding HttpClient decodes for us, by a library's decoder, streaming: the body reader counts the
 * decoded bytes against {@code ingest.max-body-bytes} and stops at the limit, whatever the coding.
 *
 * <p>Each decoder reports bad data in its own way (java.util.zip a ZipException or EOFException, org.brotli an
 * IOException around its own runtime exception, zstd-jni a ZstdIOException) and passes on a failure of the
 * connection underneath, sometimes wrapped. Here the rule is one. When the bytes underneath failed (HttpClient
 * also throws there on a body shorter than its Content-Length or chunking said), that failure is thrown as it
 * came: a network failure like any other, retried. When the decoder fails while the bytes came in whole, the
 * data is what the server sent, and bad: a {@link BodyDecodingException}, the same again on a retry.
 */
final class ContentDecoder implements InputStreamFactory {

    /**
     * RFC 9659: a {@code zstd} body needs no window over 8 MB (2^23). A frame asking for more is refused instead of
     * making the decoder allocate it (up to 128 MB by default) for every such response in flight.
     */
    static final int ZSTD_WINDOW_LOG_MAX = 23;

    /**
     * The codings offered in Accept-Encoding, in this order, and decoded. x-gzip is gzip's old name (RFC 9110,
     * 8.4.1.3), offered as HttpClient always has, so that a server that answers with it is still understood.
     */
    static LinkedHashMap<String, InputStreamFactory> offered() {
        LinkedHashMap<String, InputStreamFactory> decoders = new LinkedHashMap<>();
        decoders.put("gzip", new ContentDecoder("gzip", GZIPInputStreamFactory.getInstance()));
        decoders.put("x-gzip", new ContentDecoder("gzip", GZIPInputStreamFactory.getInstance()));
        decoders.put("deflate", new ContentDecoder("deflate", DeflateInputStreamFactory.getInstance()));
        decoders.put("br", new ContentDecoder("br", BrotliInputStreamFactory.getInstance()));
        decoders.put("zstd", new ContentDecoder("zstd", ContentDecoder::zstd));
        return decoders;
    }

    private final String coding;
    private final InputStreamFactory decoder;

    ContentDecoder(String coding, InputStreamFactory decoder) {
        this.coding = coding;
        this.decoder = decoder;
    }

    /** Called by HttpClient on the first read of the body, so a failure here is a failure of that read. */
    @Override
    public InputStream create(InputStream body) throws IOException {
        Received received = new Received(body);
        try {
            return new Decoded(decoder.create(received), received);
        } catch (IOException | RuntimeException e) {
            throw failure(received, e);
        } catch (LinkageError e) {
            // zstd-jni found no native library for this platform: an error of this URL, not of the whole run
            throw new BodyDecodingException("the body is in " + coding + ", which this platform cannot decode ("
                    + e + ")", e);
        }
    }

    /** zstd-jni's stream without a finalizer: the body reader always closes the body, which frees the decoder. */
    private static InputStream zstd(InputStream body) throws IOException {
        ZstdInputStreamNoFinalizer zstd = new ZstdInputStreamNoFinalizer(body);
        try {
            return zstd.setLongMax(ZSTD_WINDOW_LOG_MAX);
        } catch (IOException | RuntimeException e) {
            zstd.close();
            throw e;
        }
    }

    /** What the decoder's failure means: the connection's own failure when there was one, else bad data. */
    private IOException failure(Received received, Throwable e) {
        if (received.failure != null) {
            return received.failure;
        }
        String detail = null;
        for (Throwable c : Causes.chain(e)) {
            if (c.getMessage() != null) {
                // the innermost message is the decoder's own ("Invalid backward reference"); outer ones only wrap it
                detail = c.getMessage();
            }
        }
        return new BodyDecodingException("the body is not valid " + coding + " data"
                + (detail == null ? "" : " (" + detail + ")"), e);
    }

    /** The body as it comes off the connection, noting the first failure of the connection. */
    private static final class Received extends FilterInputStream {

        private IOException failure;

        Received(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return in.read();
            } catch (IOException e) {
                throw noted(e);
            }
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            try {
                return in.read(buffer, offset, length);
            } catch (IOException e) {
                throw noted(e);
            }
        }

        @Override
        public long skip(long n) throws IOException {
            try {
                return in.skip(n);
            } catch (IOException e) {
                throw noted(e);
            }
        }

        @Override
        public int available() throws IOException {
            try {
                return in.available();
            } catch (IOException e) {
                throw noted(e);
            }
        }

        private IOException noted(IOException e) {
            if (failure == null) {
                failure = e;
            }
            return e;
        }
    }

    /** The decoded body; any failure of the decoder is bad data unless the connection underneath failed first. */
    private final class Decoded extends FilterInputStream {

        private final Received received;

        Decoded(InputStream decoded, Received received) {
            super(decoded);
            this.received = received;
        }

        @Override
        public int read() throws IOException {
            try {
                return in.read();
            } catch (IOException | RuntimeException e) {
                throw failure(received, e);
            }
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            try {
                return in.read(buffer, offset, length);
            } catch (IOException | RuntimeException e) {
                throw failure(received, e);
            }
        }

        @Override
        public long skip(long n) throws IOException {
            try {
                return in.skip(n);
            } catch (IOException | RuntimeException e) {
                throw failure(received, e);
            }
        }
    }
}
