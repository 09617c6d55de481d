package io.apiingest.flow;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Raised when the application starts to stop (SIGTERM, Ctrl-C, end of batch mode): the intake then hands out no
 * further line, so that only the requests already in flight finish before the stop.
 */
public final class StopSignal extends EventNotifierSupport {

    private final AtomicBoolean set = new AtomicBoolean();
    private final List<Runnable> onRaise = new CopyOnWriteArrayList<>();

    public boolean isSet() {
        return set.get();
    }

    /** Runs {@code action} once, when the signal is raised. */
    public void onRaise(Runnable action) {
        onRaise.add(action);
    }

    public void raise() {
        if (set.compareAndSet(false, true)) {
            onRaise.forEach(Runnable::run);
        }
    }

    @Override
    public void notify(CamelEvent event) {
        if (event.getType() == CamelEvent.Type.CamelContextStopping) {
            raise();
        }
    }
}
