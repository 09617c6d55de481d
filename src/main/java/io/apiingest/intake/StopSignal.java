package io.apiingest.intake;

import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Raised when the application starts to stop (SIGTERM, Ctrl-C, end of batch mode): the intake then hands out no
 * further line, so that only the requests already in flight finish before the stop.
 */
public final class StopSignal extends EventNotifierSupport {

    private final AtomicBoolean set = new AtomicBoolean();

    public boolean isSet() {
        return set.get();
    }

    public void raise() {
        set.set(true);
    }

    @Override
    public void notify(CamelEvent event) {
        if (event.getType() == CamelEvent.Type.CamelContextStopping) {
            raise();
        }
    }
}
