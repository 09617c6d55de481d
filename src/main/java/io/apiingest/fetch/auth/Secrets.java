package io.apiingest.fetch.auth;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import io.apiingest.flow.FetchRequest;
import io.apiingest.settings.AuthSettings;
import org.apache.hc.core5.http.HttpHeaders;

/**
 * Takes every secret out of a text before it is recorded or logged: error texts carry exception messages, and
 * those may quote what was sent (a redirect loop names the URL, API key in its query and all), or what a server
 * said (a token endpoint echoing the client secret). The secrets are the ingest.auth.* token, password, API key
 * and client secret, each also as it is written in a query or Base64 header; the OAuth2 tokens issued lately; and
 * a request's own Authorization header (e.g. from its URL's {@code user:password@}).
 */
public final class Secrets {

    /** What a text shows in place of a secret: as a record's URL shows a password. */
    static final String MASK = "***";

    private final List<String> configured;
    private final Supplier<List<String>> tokens;

    /** The secrets of {@code auth}, and the tokens of {@code token} (null when there is no token endpoint). */
    public static Secrets of(AuthSettings auth, OAuth2Token token) {
        return new Secrets(auth, token == null ? List::of : token::issuedLately);
    }

    /** @param tokens the OAuth2 tokens issued lately */
    Secrets(AuthSettings auth, Supplier<List<String>> tokens) {
        Set<String> forms = new LinkedHashSet<>();
        for (String secret : auth.secrets()) {
            addForms(forms, secret);
        }
        if (auth.username() != null) {
            forms.add(AuthorizationHeader.base64(auth.username() + ":" + (auth.password() == null ? ""
                    : auth.password())));
        }
        if (auth.clientId() != null && auth.clientSecret() != null) {
            forms.add(TokenEndpoint.basicAuthorization(auth.clientId(), auth.clientSecret()).substring(6));
        }
        List<String> longestFirst = new ArrayList<>(forms);
        // a secret inside another's form must not leave part of that form behind
        longestFirst.sort(Comparator.comparingInt(String::length).reversed());
        this.configured = List.copyOf(longestFirst);
        this.tokens = tokens;
    }

    /** The text with no secret in it. */
    public String scrub(String text) {
        return scrub(text, null);
    }

    /** The text with no secret in it, nor the request's own credentials. */
    public String scrub(String text, FetchRequest request) {
        if (text == null) {
            return null;
        }
        String clean = text;
        if (request != null) {
            clean = scrubAll(clean, ownCredentials(request));
        }
        clean = scrubAll(clean, tokens.get());
        return scrubAll(clean, configured);
    }

    private static String scrubAll(String text, List<String> secrets) {
        String clean = text;
        for (String secret : secrets) {
            if (!secret.isEmpty() && clean.contains(secret)) {
                clean = clean.replace(secret, MASK);
            }
        }
        return clean;
    }

    /** The request's Authorization header: its credentials, and a Basic one's password as written. */
    private static List<String> ownCredentials(FetchRequest request) {
        String authorization = request.header(HttpHeaders.AUTHORIZATION);
        if (authorization == null) {
            return List.of();
        }
        Set<String> forms = new LinkedHashSet<>();
        int space = authorization.indexOf(' ');
        String credentials = space < 0 ? authorization : authorization.substring(space + 1).strip();
        forms.add(credentials);
        if (space > 0 && authorization.substring(0, space).equalsIgnoreCase("basic")) {
            try {
                String userPassword = new String(Base64.getDecoder().decode(credentials), StandardCharsets.UTF_8);
                int colon = userPassword.indexOf(':');
                if (colon >= 0) {
                    addForms(forms, userPassword.substring(colon + 1));
                }
            } catch (IllegalArgumentException notBase64) {
                // the header is sent as it is; its value alone is scrubbed
            }
        }
        List<String> longestFirst = new ArrayList<>(forms);
        longestFirst.sort(Comparator.comparingInt(String::length).reversed());
        return longestFirst;
    }

    /** The secret, and as a query or form writes it ('+' or %20 for a space). */
    private static void addForms(Set<String> forms, String secret) {
        if (secret == null || secret.isEmpty()) {
            return;
        }
        forms.add(secret);
        String encoded = ApiKeyQuery.encoded(secret);
        forms.add(encoded);
        forms.add(encoded.replace("+", "%20"));
    }
}
