package io.apiingest.settings;

import java.util.Locale;

/** An origin written one way everywhere: {@code scheme://host[:port]}, lower case, the default port left out. */
public final class Origins {

    private Origins() {
    }

    /** @param port -1 for the scheme's default */
    public static String of(String scheme, String host, int port) {
        String s = scheme.toLowerCase(Locale.ROOT);
        boolean defaultPort = port < 0 || s.equals("http") && port == 80 || s.equals("https") && port == 443;
        return s + "://" + host.toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }
}
