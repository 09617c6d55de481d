package io.apiingest.fetch;

import java.io.InterruptedIOException;

/** The whole attempt took longer than {@code ingest.timeout-ms}, however steadily the server kept sending. */
final class AttemptTimeoutException extends InterruptedIOException {

    AttemptTimeoutException(long timeoutMs, Throwable cause) {
        super("no complete response within " + timeoutMs + " ms");
        initCause(cause);
    }
}
