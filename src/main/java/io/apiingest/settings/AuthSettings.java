package io.apiingest.settings;

import java.util.List;

/**
 * {@code ingest.auth.*}: the credentials every request carries (to {@code origins} only). Which fields matter
 * depends on the type; the reader checks that the type's own are set.
 *
 * @param origins origins ({@code scheme://host[:port]}, lower case, default port left out) credentials go to;
 *                empty for every origin
 */
public record AuthSettings(Type type, String token, String username, String password, String apiKeyName,
                           ApiKeyIn apiKeyIn, String apiKeyValue, String tokenUrl, String clientId,
                           String clientSecret, String scope, List<String> origins) {

    /** {@code ingest.auth.type}. */
    public enum Type {
        NONE, BEARER, BASIC, API_KEY, OAUTH2
    }

    /** {@code ingest.auth.api-key.in}: where the key goes. */
    public enum ApiKeyIn {
        HEADER, QUERY
    }

    public AuthSettings {
        origins = List.copyOf(origins);
    }

    /** The header the credentials go in: Authorization, or the API key's; null for none or a key in the query. */
    public String header() {
        return switch (type) {
            case NONE -> null;
            case BEARER, BASIC, OAUTH2 -> "Authorization";
            case API_KEY -> apiKeyIn == ApiKeyIn.HEADER ? apiKeyName : null;
        };
    }

    /** The values that must never be shown anywhere: token, password, API key, client secret. */
    public List<String> secrets() {
        return java.util.stream.Stream.of(token, password, apiKeyValue, clientSecret)
                .filter(s -> s != null && !s.isEmpty()).toList();
    }

    /** Never the secrets themselves: records print every field by default. */
    @Override
    public String toString() {
        return "AuthSettings[type=" + type + ", origins=" + origins + "]";
    }
}
