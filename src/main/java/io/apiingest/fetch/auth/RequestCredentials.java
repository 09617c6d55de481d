package io.apiingest.fetch.auth;

import java.net.URI;

import io.apiingest.settings.AuthSettings;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The credentials of {@code ingest.auth.type}, added to each attempt's request as it is sent: one implementation
 * per type, {@link #of} picks it.
 */
public interface RequestCredentials {

    /** {@code ingest.auth.type=none}: the request goes as it is. */
    RequestCredentials NONE = (message, uri) -> uri.toString();

    /**
     * Adds the credentials to the message of one attempt, whose headers are already the request's.
     *
     * @param uri the request's URI
     * @return the URI to send: {@code uri}, or {@code uri} with an API key in its query
     * @throws TokenUnavailableException when the credentials are an OAuth2 token that cannot be had
     */
    String addTo(Message message, URI uri) throws TokenUnavailableException;

    /**
     * The API answered 401 to the attempt on {@code exchange}: whether the credentials it carried were renewed,
     * so that the request may go once more. Only an OAuth2 token can be, once per request.
     */
    /** Whether ingest.auth.origins names this origin: credentials go there even on a next link. */
    default boolean namesOrigin(String origin) {
        return false;
    }

    default boolean renewedAfterRefusal(Exchange exchange) {
        return false;
    }

    /**
     * The credentials {@code auth} describes, for the requests to its origins that carry none of their own.
     *
     * @param token the shared OAuth2 token, for {@code ingest.auth.type=oauth2}; null otherwise
     */
    static RequestCredentials of(AuthSettings auth, OAuth2Token token) {
        RequestCredentials credentials = switch (auth.type()) {
            case NONE -> NONE;
            case BEARER -> AuthorizationHeader.bearer(auth.token());
            case BASIC -> AuthorizationHeader.basic(auth.username(), auth.password());
            case API_KEY -> auth.apiKeyIn() == AuthSettings.ApiKeyIn.HEADER
                    ? new ApiKeyHeader(auth.apiKeyName(), auth.apiKeyValue())
                    : new ApiKeyQuery(auth.apiKeyName(), auth.apiKeyValue());
            case OAUTH2 -> new OAuth2Bearer(token);
        };
        return credentials == NONE ? NONE : new ScopedCredentials(credentials, auth.origins());
    }
}
