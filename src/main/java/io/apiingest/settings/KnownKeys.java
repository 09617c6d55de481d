package io.apiingest.settings;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code ingest.*} keys the app reads. Any other {@code ingest.*} key stops start-up: a misspelt one would
 * otherwise be ignored in silence, and the app would run on the default the user meant to change.
 */
public record KnownKeys(Set<String> keys) {

    public static final String PREFIX = "ingest.";
    /** Edits (added, dropped or changed characters) a typo may be from the key meant, for a guess at that key. */
    private static final int CLOSE = 2;

    public KnownKeys {
        keys = Set.copyOf(keys);
    }

    /** Refuses the first {@code ingest.*} name (in sorted order) that is not a known key; other names pass. */
    public void requireKnown(Collection<String> names) {
        for (String name : new TreeSet<>(names)) {
            if (name.startsWith(PREFIX) && !keys.contains(name) && !isDefaultHeader(name)) {
                throw new InvalidSettingException(name + ": unknown setting; " + closestTo(name)
                        .map(key -> "did you mean " + key + "?")
                        .orElse("the settings are listed in application.properties and README.md"));
            }
        }
    }

    /** {@code ingest.request.headers.<Header-Name>}: one key per default header, whatever its name. */
    private static boolean isDefaultHeader(String name) {
        return name.startsWith(RequestSettings.HEADER_PREFIX) && name.length() > RequestSettings.HEADER_PREFIX.length();
    }

    /**
     * The known key {@code name} is most likely a typo of: the nearest within {@value #CLOSE} edits, ignoring
     * case, '-', '.' and '_' (so that ingest.timeoutMs finds ingest.timeout-ms). None when two are equally near:
     * a wrong guess would mislead more than no guess.
     */
    public Optional<String> closestTo(String name) {
        String wanted = plain(name);
        List<String> nearest = new ArrayList<>();
        int nearestDistance = CLOSE;
        for (String key : keys) {
            int distance = distance(wanted, plain(key));
            if (distance < nearestDistance) {
                nearest.clear();
                nearestDistance = distance;
            }
            if (distance == nearestDistance) {
                nearest.add(key);
            }
        }
        return nearest.size() == 1 ? Optional.of(nearest.get(0)) : Optional.empty();
    }

    private static String plain(String key) {
        return key.toLowerCase(Locale.ROOT).replaceAll("[-._]", "");
    }

    /** Levenshtein distance: the fewest single-character insertions, deletions and substitutions from a to b. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
