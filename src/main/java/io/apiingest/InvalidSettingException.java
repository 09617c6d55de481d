package io.apiingest;

/** A setting in application.properties (or its overrides) has a value the app cannot run with. */
public class InvalidSettingException extends RuntimeException {
    public InvalidSettingException(String message) {
        super(message);
    }
}
