package io.apiingest.flow;

import java.util.ArrayList;
import java.util.List;

/**
 * The one walker of cause chains. Top down, unlike Camel's {@code ObjectHelper.getException}, which starts at the
 * root cause: an attempt's own timeout wraps the socket error it caused, and the outer one is what happened.
 */
public final class Causes {

    private Causes() {
    }

    /** {@code thrown} and its causes, outermost first, each once. */
    public static List<Throwable> chain(Throwable thrown) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable c = thrown; c != null && !chain.contains(c); c = c.getCause()) {
            chain.add(c);
        }
        return chain;
    }

    /** The outermost of {@code thrown} and its causes that is a {@code type}, or null. */
    public static <T extends Throwable> T first(Throwable thrown, Class<T> type) {
        for (Throwable c = thrown; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }
}
