package io.apiingest.fetch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a response body up to {@code ingest.max-body-bytes}, counted after decompression so that a gzip bomb is
 * cut like any other big body. Time is {@link AttemptDeadline}'s: the body stream it hands out fails with
 * {@link AttemptTimeoutException} once the attempt is out of time, however slowly the bytes trickle in.
 */
final class BodyReader {

    /** What was read: the bytes when asked to keep them, and whether the body went over the limit. */
    record Body(byte[] bytes, boolean tooLarge) {
    }

    private final long maxBytes;

    BodyReader(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /**
     * Reads to the end of the body, or stops at the first byte over the limit and holds none of it. The caller
     * closes the stream.
     *
     * @param in   the body, null when the response has none
     * @param keep false to count the bytes only
     */
    Body read(InputStream in, boolean keep) throws IOException {
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
        }
        return new Body(keep ? kept.toByteArray() : null, false);
    }
}
