package io.apiingest.fetch.http;

import java.io.InterruptedIOException;

/**
 * A request inside the HTTP client (a redirect hop waiting for its place in the rate's line) gave up because the
 * application is stopping. Not an outcome of the URL: its line stays unrecorded, for the next start.
 */
public final class StoppingException extends InterruptedIOException {
    public StoppingException() {
        super("not sent: the application is stopping");
    }
}
