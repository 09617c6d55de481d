package io.apiingest.flow;

/** A file's run ended before every line was recorded (a stop, or trouble): its folder waits to be resumed. */
public class IncompleteInputException extends RuntimeException {
    public IncompleteInputException(String message) {
        super(message);
    }
}
