package io.apiingest.fetch;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Turns a URL line into a URI the HTTP client can send, or says in words why it cannot. */
public final class TargetUrl {

    private TargetUrl() {
    }

    /** @throws FetchFailure.Final with attempts 0 when the line is not an absolute http(s) URL */
    public static URI parse(String text) throws FetchFailure.Final {
        URI uri;
        try {
            uri = new URI(encodeIllegalCharacters(text));
        } catch (URISyntaxException e) {
            throw invalid("not a valid URL (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme();
        if (scheme == null) {
            throw invalid("not an absolute URL: expected http:// or https://");
        }
        if (!scheme.equalsIgnoreCase("http") && !scheme.equalsIgnoreCase("https")) {
            throw invalid("unsupported scheme '" + scheme + "': only http and https URLs are fetched");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw invalid("not a valid URL: no host name");
        }
        return uri;
    }

    /**
     * The URI to send: without the {@code user:password@} of the line, which goes in an Authorization header
     * instead (HttpClient 5 refuses a request URI carrying it, and a URI ends up in logs and error messages), and
     * without its {@code #fragment}, which is the client's business: sent, it would arrive as part of the path.
     */
    public static URI toSend(URI uri) {
        String userInfo = uri.getRawUserInfo();
        if (userInfo == null && uri.getRawFragment() == null) {
            return uri;
        }
        String authority = uri.getRawAuthority();
        StringBuilder sent = new StringBuilder(uri.getScheme()).append("://")
                .append(userInfo == null ? authority : authority.substring(userInfo.length() + 1))
                .append(uri.getRawPath());
        if (uri.getRawQuery() != null) {
            sent.append('?').append(uri.getRawQuery());
        }
        return URI.create(sent.toString());
    }

    /** The Basic Authorization header value for the user and password in the URI, or null when it has none. */
    public static String basicAuthorization(URI uri) {
        String userInfo = uri.getUserInfo();
        if (userInfo == null || userInfo.isEmpty()) {
            return null;
        }
        String credentials = userInfo.indexOf(':') < 0 ? userInfo + ":" : userInfo;
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    private static FetchFailure.Final invalid(String reason) {
        return new FetchFailure.Final(null, reason, 0);
    }

    /** Percent-encodes what browsers and curl users paste unencoded (spaces, |, non-ASCII, …). */
    static String encodeIllegalCharacters(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean legal = c > 0x20 && c < 0x7F && "\"<>\\^`{|}".indexOf(c) < 0;
            if (legal) {
                if (out != null) {
                    out.append(c);
                }
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            int end = Character.isHighSurrogate(c) && i + 1 < text.length() ? i + 2 : i + 1;
            for (byte b : text.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
                out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
            }
            i = end - 1;
        }
        return out == null ? text : out.toString();
    }
}
