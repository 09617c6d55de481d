package io.apiingest.fetch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;

/**
 * Reads a response body within the attempt's two bounds: at most {@code ingest.max-body-bytes}, counted after
 * decompression so that a gzip bomb is cut like any other big body, and before the attempt's deadline.
 */
final class BodyReader {

    /** What was read: the bytes when asked to keep them, and whether the body went over the limit. */
    record Body(byte[] bytes, boolean tooLarge) {
    }

    private final long maxBytes;
    private final long timeoutNanos;
    private final long timeoutMs;

    BodyReader(long maxBytes, long timeoutMs) {
        this.maxBytes = maxBytes;
        this.timeoutMs = timeoutMs;
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    }

    /**
     * Reads to the end of the body, or stops at the first byte over the limit and holds none of it. The caller
     * closes the stream.
     *
     * @param in           the body, null when the response has none
     * @param keep         false to count the bytes only
     * @param startedNanos when the attempt started ({@link System#nanoTime()})
     * @throws AttemptTimeoutException when the attempt's time is up before the end of the body
     */
    Body read(InputStream in, boolean keep, long startedNanos) throws IOException {
        if (in == null) {
            return new Body(keep ? new byte[0] : null, false);
        }
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        long total = 0;
        for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
            total += n;
            if (total > maxBytes) {
                return new Body(null, true);
            }
            if (keep) {
                kept.write(chunk, 0, n);
            }
            // a steady trickle never trips a read timeout: the deadline is checked between reads too
            if (System.nanoTime() - startedNanos > timeoutNanos) {
                throw new AttemptTimeoutException(timeoutMs, null);
            }
        }
        return new Body(keep ? kept.toByteArray() : null, false);
    }
}
