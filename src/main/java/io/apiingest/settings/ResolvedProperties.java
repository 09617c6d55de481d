package io.apiingest.settings;

import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.spi.PropertiesComponent;

/**
 * The settings as Camel's properties give them, placeholders such as {@code {{env:API_TOKEN}}},
 * {@code {{sys:name}}} or {@code {{other.key}}} resolved. Camel's {@code resolveProperty} answers "not set" for a
 * value whose placeholder it cannot resolve: a missing environment variable made a setting fall back to its
 * default, or a secret empty, in silence. Here it stops start-up, naming the setting and the variable.
 */
final class ResolvedProperties implements Function<String, Optional<String>> {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(.+?)}}");

    private final PropertiesComponent properties;
    private final Properties given;

    /** @param given the values as written (placeholders unresolved), from every source Camel reads */
    ResolvedProperties(PropertiesComponent properties, Properties given) {
        this.properties = properties;
        this.given = given;
    }

    @Override
    public Optional<String> apply(String key) {
        Optional<String> value = properties.resolveProperty(key);
        if (value.isEmpty()) {
            String written = System.getProperty(key, given.getProperty(key));
            if (written != null && written.contains("{{")) {
                throw new InvalidSettingException(key + ": " + whyUnresolved(written));
            }
        }
        return value;
    }

    /** Names the first placeholder Camel cannot resolve (only the placeholder: the rest may be a secret). */
    private String whyUnresolved(String written) {
        Matcher placeholder = PLACEHOLDER.matcher(written);
        while (placeholder.find()) {
            String inner = placeholder.group(1);
            try {
                properties.parseUri("{{" + inner + "}}");
            } catch (RuntimeException unresolved) {
                int colon = inner.indexOf(':');
                String function = colon < 0 ? "" : inner.substring(0, colon);
                String name = colon < 0 ? inner : inner.substring(colon + 1);
                int fallback = name.indexOf(':');
                name = fallback < 0 ? name : name.substring(0, fallback);
                String what = switch (function) {
                    case "env" -> "the environment variable " + name;
                    case "sys" -> "the system property " + name;
                    case "" -> "the property " + name;
                    default -> null;
                };
                return what == null ? placeholder.group() + " cannot be resolved"
                        : what + " is not set (" + placeholder.group() + ")";
            }
        }
        return "a placeholder cannot be resolved";
    }
}
