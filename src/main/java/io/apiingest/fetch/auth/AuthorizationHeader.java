package io.apiingest.fetch.auth;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.apache.camel.Message;
import org.apache.hc.core5.http.HttpHeaders;

/**
 * {@code ingest.auth.type=bearer} or {@code basic}: the same Authorization header on every request, except on
 * one that has its own (from its spec, or from the {@code user:password@} of its URL), which it keeps.
 */
final class AuthorizationHeader implements RequestCredentials {

    private final String value;

    private AuthorizationHeader(String value) {
        this.value = value;
    }

    /** {@code Authorization: Bearer <token>} (RFC 6750, 2.1). */
    static AuthorizationHeader bearer(String token) {
        return new AuthorizationHeader("Bearer " + token);
    }

    /** {@code Authorization: Basic base64(user:password)}, UTF-8 (RFC 7617); no password is an empty one. */
    static AuthorizationHeader basic(String username, String password) {
        return new AuthorizationHeader("Basic " + base64(username + ":" + (password == null ? "" : password)));
    }

    static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String addTo(Message message, URI uri) {
        // default headers hold no Authorization header when ingest.auth sends one (IngestSettings refuses both):
        // one on the message is the request's own
        if (message.getHeader(HttpHeaders.AUTHORIZATION) == null) {
            message.setHeader(HttpHeaders.AUTHORIZATION, value);
        }
        return uri.toString();
    }

    /** Never the credentials. */
    @Override
    public String toString() {
        return "Authorization: " + value.substring(0, value.indexOf(' ')) + " ***";
    }
}
