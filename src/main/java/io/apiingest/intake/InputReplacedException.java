package io.apiingest.intake;

/**
 * The input was replaced in the inbox while it was being processed: a new file renamed over it under the same
 * name. Its results are complete, but the file there now is another one, which must not be moved to .done unread.
 */
public class InputReplacedException extends RuntimeException {
    public InputReplacedException(String name) {
        super(name + " was replaced in the inbox while it was being processed");
    }
}
