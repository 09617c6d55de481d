package io.apiingest.intake;

import java.nio.charset.StandardCharsets;

/**
 * A request body as an input gives it, with the Content-Type it is sent with unless a header names another.
 *
 * @param bytes       what is sent
 * @param contentType the Content-Type that goes with it
 */
record RequestBody(byte[] bytes, String contentType) {

    static final String JSON = "application/json";
    static final String TEXT = "text/plain; charset=UTF-8";

    /** JSON text, already checked to be JSON: sent as it is written. */
    static RequestBody json(String json) {
        return new RequestBody(json.getBytes(StandardCharsets.UTF_8), JSON);
    }

    /** Text sent as it is, in UTF-8. */
    static RequestBody text(String text) {
        return new RequestBody(text.getBytes(StandardCharsets.UTF_8), TEXT);
    }
}
