package io.apiingest.intake;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * Turns the URL of an input line into a URI the HTTP client can send, or says in words why it cannot; and into
 * the URL a record shows, with any password masked.
 */
final class RequestUrl {

    /** What a record shows in place of a password. */
    static final String MASK = "***";

    private RequestUrl() {
    }

    /** Why a text is not a URL that can be fetched. */
    static final class NotAUrl extends Exception {
        NotAUrl(String reason) {
            super(reason, null, false, false);
        }
    }

    /** @throws NotAUrl when the text is not an absolute http(s) URL */
    static URI parse(String text) throws NotAUrl {
        URI uri;
        try {
            uri = new URI(encodeIllegalCharacters(text));
        } catch (URISyntaxException e) {
            throw new NotAUrl("not a valid URL (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme();
        if (scheme == null) {
            throw new NotAUrl("not an absolute URL: expected http:// or https://");
        }
        if (!scheme.equalsIgnoreCase("http") && !scheme.equalsIgnoreCase("https")) {
            throw new NotAUrl("unsupported scheme '" + scheme + "': only http and https URLs are fetched");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            // java.net.URI takes a host with '_' (a Docker Compose service name) for no host at all; curl and
            // browsers fetch it, and so does HttpClient, which reads the authority itself
            if (!hasRegistryHost(uri)) {
                throw new NotAUrl("not a valid URL: no host name");
            }
        }
        checkPort(uri);
        return uri;
    }

    /**
     * The URI to send: without the {@code user:password@} of the line, which goes in an Authorization header
     * instead (HttpClient 5 refuses a request URI carrying it, and a URI ends up in logs and error messages), and
     * without its {@code #fragment}, which is the client's business: sent, it would arrive as part of the path.
     */
    static URI toSend(URI uri) {
        String userInfo = uri.getRawUserInfo();
        if (userInfo == null && uri.getRawAuthority() != null && uri.getHost() == null) {
            userInfo = userInfoOf(uri.getRawAuthority());
        }
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
    static String basicAuthorization(URI uri) {
        String rawUserInfo = uri.getRawUserInfo();
        if (rawUserInfo == null && uri.getHost() == null && uri.getRawAuthority() != null) {
            rawUserInfo = userInfoOf(uri.getRawAuthority());
        }
        if (rawUserInfo == null || rawUserInfo.isEmpty()) {
            return null;
        }
        String userInfo = java.net.URLDecoder.decode(rawUserInfo.replace("+", "%2B"), StandardCharsets.UTF_8);
        String credentials = userInfo.indexOf(':') < 0 ? userInfo + ":" : userInfo;
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The URL as a record shows it: as written, with the password of a {@code user:password@} masked, so that
     * output files can be shared. A user name without a password is masked whole: it is often a token.
     */
    static String masked(String text) {
        int schemeEnd = text.indexOf("://");
        if (schemeEnd < 0) {
            return text;
        }
        int authorityStart = schemeEnd + 3;
        int authorityEnd = authorityStart;
        while (authorityEnd < text.length() && "/?#".indexOf(text.charAt(authorityEnd)) < 0) {
            authorityEnd++;
        }
        int at = text.lastIndexOf('@', authorityEnd - 1);
        if (at < authorityStart) {
            return text;
        }
        int colon = text.indexOf(':', authorityStart);
        if (colon < 0 || colon > at) {
            // a user name alone is a token as often as a name (https://TOKEN@github.com/...): masked too
            return text.substring(0, authorityStart) + MASK + text.substring(at);
        }
        return text.substring(0, colon + 1) + MASK + text.substring(at);
    }

    /**
     * Percent-encodes what browsers and curl users paste unencoded (spaces, |, non-ASCII, …).
     *
     * @throws NotAUrl for a control character: a NUL or a line break inside a URL is a broken input, not something
     *                 to percent-encode and send (checked here, on the one pass over the text)
     */
    static String encodeIllegalCharacters(String text) throws NotAUrl {
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
            if (c < 0x20 || c == 0x7F) {
                throw new NotAUrl(String.format("not a valid URL: it holds a control character (U+%04X) at "
                        + "position %d", (int) c, i + 1));
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

    /** A registry-based authority that is a host name all the same: letters, digits, '-', '.', '_'. */
    private static boolean hasRegistryHost(URI uri) {
        String authority = uri.getRawAuthority();
        if (authority == null) {
            return false;
        }
        String host = hostOf(authority);
        if (host.isEmpty()) {
            return false;
        }
        for (int i = 0; i < host.length(); i++) {
            char c = Character.toLowerCase(host.charAt(i));
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    /**
     * A port java.net.URI took (any number of digits) or left in a registry-based authority (the host had a
     * '_'): HttpClient would fail on it later with a message about sockets, not about the line.
     */
    private static void checkPort(URI uri) throws NotAUrl {
        String port;
        if (uri.getHost() != null) {
            if (uri.getPort() < 0) {
                return;
            }
            port = Integer.toString(uri.getPort());
        } else {
            String authority = uri.getRawAuthority();
            String hostPort = authority.substring(authority.lastIndexOf('@') + 1);
            int colon = hostPort.lastIndexOf(':');
            if (colon < 0 || colon == hostPort.length() - 1) {
                return;
            }
            port = hostPort.substring(colon + 1);
        }
        for (int i = 0; i < port.length(); i++) {
            if (port.charAt(i) < '0' || port.charAt(i) > '9') {
                throw new NotAUrl("not a valid URL: port '" + port + "' is not a number");
            }
        }
        // more than five digits cannot be a port; checked first, so that a long one does not overflow the int
        if (port.length() > 5 || Integer.parseInt(port) == 0 || Integer.parseInt(port) > 65_535) {
            throw new NotAUrl("not a valid URL: port " + port + " is out of range (1-65535)");
        }
    }

    private static String hostOf(String authority) {
        String hostPort = authority.substring(authority.lastIndexOf('@') + 1);
        int colon = hostPort.lastIndexOf(':');
        return (colon < 0 ? hostPort : hostPort.substring(0, colon)).toLowerCase(Locale.ROOT);
    }

    private static String userInfoOf(String authority) {
        int at = authority.lastIndexOf('@');
        return at < 0 ? null : authority.substring(0, at);
    }
}
