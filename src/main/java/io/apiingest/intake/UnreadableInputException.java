package io.apiingest.intake;

/**
 * The dropped file cannot be read as text in its format (URL lines, request specs, CSV rows); it goes to
 * inbox/.error with this reason.
 */
public class UnreadableInputException extends RuntimeException {
    public UnreadableInputException(String reason) {
        super(reason);
    }
}
