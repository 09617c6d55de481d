package io.apiingest.settings;

import java.net.URI;
import java.util.Locale;

/** An origin written one way everywhere: {@code scheme://host[:port]}, lower case, the default port left out. */
public final class Origins {

    private Origins() {
    }

    /**
     * The origin of a URI to send. A registry-based authority (a host name with '_', see intake's RequestUrl) has
     * no host to {@link URI}: it is read from the raw authority, host[:port].
     */
    public static String of(URI uri) {
        String host = uri.getHost();
        int port = uri.getPort();
        if (host == null) {
            String authority = uri.getRawAuthority();
            int colon = authority.lastIndexOf(':');
            host = colon < 0 ? authority : authority.substring(0, colon);
            try {
                port = colon < 0 ? -1 : Integer.parseInt(authority.substring(colon + 1));
            } catch (NumberFormatException noPort) {
                port = -1;
            }
        }
        return of(uri.getScheme(), host, port);
    }

    /** @param port -1 for the scheme's default */
    public static String of(String scheme, String host, int port) {
        String s = scheme.toLowerCase(Locale.ROOT);
        boolean defaultPort = port < 0 || s.equals("http") && port == 80 || s.equals("https") && port == 443;
        return s + "://" + host.toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }
}
