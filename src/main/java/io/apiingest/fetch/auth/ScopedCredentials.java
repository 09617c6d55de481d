package io.apiingest.fetch.auth;

import java.net.URI;
import java.util.List;
import java.util.Set;

import io.apiingest.settings.Origins;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/** The credentials go to the origins of {@code ingest.auth.origins} only; to every origin when none is listed. */
final class ScopedCredentials implements RequestCredentials {

    private final RequestCredentials credentials;
    private final Set<String> origins;

    ScopedCredentials(RequestCredentials credentials, List<String> origins) {
        this.credentials = credentials;
        this.origins = Set.copyOf(origins);
    }

    @Override
    public String addTo(Message message, URI uri) throws TokenUnavailableException {
        if (!origins.isEmpty() && !origins.contains(Origins.of(uri))) {
            return uri.toString();
        }
        return credentials.addTo(message, uri);
    }

    @Override
    public boolean namesOrigin(String origin) {
        return origins.contains(origin);
    }

    @Override
    public boolean renewedAfterRefusal(Exchange exchange) {
        return credentials.renewedAfterRefusal(exchange);
    }

    @Override
    public String toString() {
        return credentials + " to " + (origins.isEmpty() ? "every origin" : origins);
    }
}
