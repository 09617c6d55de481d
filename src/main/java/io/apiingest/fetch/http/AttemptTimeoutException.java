package io.apiingest.fetch.http;

import java.io.InterruptedIOException;

/** The whole attempt took longer than {@code ingest.timeout-ms}, however steadily the server kept sending. */
public final class AttemptTimeoutException extends InterruptedIOException {

    AttemptTimeoutException(long timeoutMs, Throwable cause) {
        super("no complete response within " + timeoutMs + " ms");
        initCause(cause);
    }
}
