package io.apiingest.fetch.auth;

import java.net.URI;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.hc.core5.http.HttpHeaders;

/**
 * {@code ingest.auth.type=oauth2}: the shared token as {@code Authorization: Bearer}, except on a request that has
 * an Authorization header of its own. When the API refuses the token (401), it is renewed, once per request, and
 * the request is sent again; a second 401, with the fresh token, is the request's answer.
 */
final class OAuth2Bearer implements RequestCredentials {

    /** Exchange property: the token the attempt was sent with. */
    static final String SENT = "ingestOAuth2Token";
    /** Exchange property: the request has had its token renewed once already. */
    static final String RENEWED = "ingestOAuth2Renewed";

    private final OAuth2Token token;

    OAuth2Bearer(OAuth2Token token) {
        this.token = token;
    }

    @Override
    public String addTo(Message message, URI uri) throws TokenUnavailableException {
        Exchange exchange = message.getExchange();
        exchange.removeProperty(SENT);
        if (message.getHeader(HttpHeaders.AUTHORIZATION) == null) {
            AccessToken sent = token.get();
            message.setHeader(HttpHeaders.AUTHORIZATION, sent.authorization());
            exchange.setProperty(SENT, sent);
        }
        return uri.toString();
    }

    @Override
    public boolean renewedAfterRefusal(Exchange exchange) {
        AccessToken refused = exchange.getProperty(SENT, AccessToken.class);
        if (refused == null || exchange.getProperty(RENEWED) != null) {
            return false;
        }
        exchange.setProperty(RENEWED, true);
        token.renew(refused);
        return true;
    }

    @Override
    public String toString() {
        return "Authorization: Bearer <OAuth2 token>";
    }
}
