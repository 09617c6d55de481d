package io.apiingest.fetch.auth;

import java.net.URI;

import org.apache.camel.Message;

/** {@code ingest.auth.type=api-key}, {@code in=header}: the key in a header of its own name. */
final class ApiKeyHeader implements RequestCredentials {

    private final String name;
    private final String value;

    ApiKeyHeader(String name, String value) {
        this.name = name;
        this.value = value;
    }

    /**
     * A request's own header of that name wins (the message's headers ignore case; IngestSettings refuses a
     * default header of that name).
     */
    @Override
    public String addTo(Message message, URI uri) {
        if (message.getHeader(name) == null) {
            message.setHeader(name, value);
        }
        return uri.toString();
    }

    /** Never the key. */
    @Override
    public String toString() {
        return name + ": ***";
    }
}
