package io.apiingest.fetch.http;

import java.io.IOException;

/**
 * The body came in whole, but is not valid data of its Content-Encoding, or is in one this platform cannot decode:
 * the same again on a retry.
 */
public final class BodyDecodingException extends IOException {

    public BodyDecodingException(String message, Throwable cause) {
        super(message, cause);
    }
}
