package io.apiingest.intake;

/** The dropped file cannot be read as a text file of URLs; it goes to inbox/.error with this reason. */
public class UnreadableInputException extends RuntimeException {
    public UnreadableInputException(String reason) {
        super(reason);
    }
}
