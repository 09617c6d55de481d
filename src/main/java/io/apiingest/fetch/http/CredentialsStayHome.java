package io.apiingest.fetch.http;

import java.util.Locale;

import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.client5.http.impl.DefaultRedirectStrategy;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * The credentials of a URL line ({@code user:password@}, sent as an Authorization header) go to that line's
 * origin only, and a redirect elsewhere is still followed without them: as curl, browsers and Python's requests
 * do, e.g. for an API that answers with a redirect to a download on a storage host.
 *
 * <p>HttpClient's own rule is stricter: it does not follow a redirect to another host at all when the request
 * carries an Authorization header, so such a URL ended as a 3xx error. Here the redirect is allowed
 * ({@link #REDIRECTS}); {@link #LINE}, above the redirect handling, notes the line's origin (scheme, host and
 * port), and {@link #HOP}, below it, takes the header off every hop to another origin. (Below the redirect
 * handling, each hop is its own "original request": the line's origin must be noted above it.)
 */
final class CredentialsStayHome {

    /** Names of the two links in HttpClient's exec chain. */
    static final String LINE_NAME = "ingest-credentials-line";
    static final String HOP_NAME = "ingest-credentials-hop";
    private static final String ORIGIN = "ingest.line-origin";

    /** HttpClient's redirect rules, except that a request with an Authorization header may leave its host. */
    static final DefaultRedirectStrategy REDIRECTS = new DefaultRedirectStrategy() {
        @Override
        public boolean isRedirectAllowed(HttpHost currentTarget, HttpHost newTarget, HttpRequest redirect,
                HttpContext context) {
            return true;
        }
    };

    /** Above the redirect handling: notes the origin of the line's own request, when it carries credentials. */
    static final ExecChainHandler LINE = (request, scope, chain) -> {
        if (request.containsHeader(HttpHeaders.AUTHORIZATION)) {
            scope.clientContext.setAttribute(ORIGIN, origin(request));
        }
        return chain.proceed(request, scope);
    };

    /** Below the redirect handling: a hop to another origin goes without the line's credentials. */
    static final ExecChainHandler HOP = (request, scope, chain) -> {
        if (request.containsHeader(HttpHeaders.AUTHORIZATION)
                && !origin(request).equals(scope.clientContext.getAttribute(ORIGIN))) {
            request.removeHeaders(HttpHeaders.AUTHORIZATION);
        }
        return chain.proceed(request, scope);
    };

    private CredentialsStayHome() {
    }

    private static String origin(HttpRequest request) {
        String scheme = request.getScheme() == null ? "" : request.getScheme().toLowerCase(Locale.ROOT);
        return scheme + "://" + request.getAuthority();
    }
}
