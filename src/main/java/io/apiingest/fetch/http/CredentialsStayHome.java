package io.apiingest.fetch.http;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.apiingest.settings.AuthSettings;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.client5.http.impl.DefaultRedirectStrategy;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * The credentials a request carries (a URL line's {@code user:password@} and ingest.auth.* bearer, basic and
 * OAuth2 tokens, all sent as an Authorization header; an API key sent as a header of its own name; and the
 * headers of an input that carry credentials by their name: Cookie, Proxy-Authorization, and any whose name says
 * token, secret, password, session, auth or api key) go to that request's origin only, and a redirect elsewhere
 * is still followed without them: as curl, browsers and Python's requests do, e.g. for an API that answers with a
 * redirect to a download on a storage host.
 *
 * <p>HttpClient's own rule is stricter: it does not follow a redirect to another host at all when the request
 * carries an Authorization header, so such a URL ended as a 3xx error. Here the redirect is allowed
 * ({@link #REDIRECTS}); {@link #line()}, above the redirect handling, notes the request's origin (scheme, host and
 * port), and {@link #hop()}, below it, takes the credential headers off every hop to another origin. (Below the
 * redirect handling, each hop is its own "original request": the origin must be noted above it.) An API key in
 * the query needs no such care: a redirect goes to the Location the server names, which carries no query of ours.
 */
public final class CredentialsStayHome {

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

    /** Parts of a header name that say it carries a credential (lower case, '-' and '_' taken out). */
    private static final List<String> CREDENTIAL_WORDS = List.of("auth", "token", "secret", "password", "passwd",
            "session", "apikey", "accesskey", "cookie", "signature");

    private final List<String> headers;
    /** What each header name seen is: a run sends the same few names on every request. */
    private final Map<String, Boolean> credentialByName = new ConcurrentHashMap<>();

    /** @param headers the names of the headers that carry credentials, besides those named like one */
    CredentialsStayHome(List<String> headers) {
        this.headers = List.copyOf(headers);
    }

    /** Authorization, and the API key's header of ingest.auth (whatever its name). */
    static CredentialsStayHome of(AuthSettings auth) {
        return new CredentialsStayHome(List.of(HttpHeaders.AUTHORIZATION, auth.apiKeyName()));
    }

    /** Whether a header of this name carries a credential, by its name. */
    public static boolean namedLikeACredential(String name) {
        String plain = name.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
        for (String word : CREDENTIAL_WORDS) {
            if (plain.contains(word)) {
                return true;
            }
        }
        return false;
    }

    /** Above the redirect handling: notes the origin of the request's first hop, when it carries credentials. */
    ExecChainHandler line() {
        return (request, scope, chain) -> {
            if (carriesCredentials(request)) {
                scope.clientContext.setAttribute(ORIGIN, origin(request));
            }
            return chain.proceed(request, scope);
        };
    }

    /** Below the redirect handling: a hop to another origin goes without the credentials. */
    ExecChainHandler hop() {
        return (request, scope, chain) -> {
            if (carriesCredentials(request) && !origin(request).equals(scope.clientContext.getAttribute(ORIGIN))) {
                for (Header header : request.getHeaders()) {
                    if (isCredential(header.getName())) {
                        request.removeHeaders(header.getName());
                    }
                }
            }
            return chain.proceed(request, scope);
        };
    }

    private boolean carriesCredentials(HttpRequest request) {
        for (Header header : request.getHeaders()) {
            if (isCredential(header.getName())) {
                return true;
            }
        }
        return false;
    }

    private boolean isCredential(String name) {
        Boolean known = credentialByName.get(name);
        if (known == null) {
            known = credentialHeader(name);
            if (credentialByName.size() < 1_000) {
                credentialByName.put(name, known); // an input of ever new header names must not grow it
            }
        }
        return known;
    }

    private boolean credentialHeader(String name) {
        for (String header : headers) {
            if (header.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return namedLikeACredential(name);
    }

    private static String origin(HttpRequest request) {
        String scheme = request.getScheme() == null ? "" : request.getScheme().toLowerCase(Locale.ROOT);
        return scheme + "://" + request.getAuthority();
    }
}
