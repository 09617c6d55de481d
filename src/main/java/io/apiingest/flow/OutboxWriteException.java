package io.apiingest.flow;

import java.io.IOException;
import java.io.UncheckedIOException;

/** The outbox could not take a record (not writable, disk full): the input stays and is resumed later. */
public class OutboxWriteException extends UncheckedIOException {
    public OutboxWriteException(String message, IOException cause) {
        super(message, cause);
    }
}
