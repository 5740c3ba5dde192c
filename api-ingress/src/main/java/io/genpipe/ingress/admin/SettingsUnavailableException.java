package io.genpipe.ingress.admin;

/**
 * The broker did not answer in time: the settings could not be read to their end, or a change was not acknowledged.
 * The caller gets 503 with Retry-After.
 */
class SettingsUnavailableException extends RuntimeException {

    SettingsUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
