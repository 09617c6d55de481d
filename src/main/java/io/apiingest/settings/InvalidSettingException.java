package io.apiingest.settings;

/**
 * A setting in application.properties (or its overrides) has a value the app cannot run with, or is no setting
 * the app knows; or an argument is not a setting at all. Start-up stops with exit code 2.
 */
public class InvalidSettingException extends RuntimeException {
    public InvalidSettingException(String message) {
        super(message);
    }
}
