package io.genpipe.worker.provider;

import java.util.Objects;

/**
 * A vendor API key, or the lack of one, with the name of the variable it comes from. The value leaves this
 * class only through {@link #value()}, to build an Authorization header; {@code toString()} names the variable
 * and never prints the key, so the key cannot reach a log line, an event or an exception by accident.
 */
public final class ApiKey {

    private final String variable;
    private final String value;

    private ApiKey(String variable, String value) {
        this.variable = Objects.requireNonNull(variable, "variable");
        this.value = value;
    }

    /** The key read from {@code variable}; blank counts as absent. */
    public static ApiKey of(String variable, String value) {
        return new ApiKey(variable, value == null || value.isBlank() ? null : value.strip());
    }

    public static ApiKey absent(String variable) {
        return new ApiKey(variable, null);
    }

    public boolean isPresent() {
        return value != null;
    }

    /** The variable the key is read from, e.g. {@code FAL_KEY}: safe to name in logs and reasons. */
    public String variable() {
        return variable;
    }

    /**
     * The secret itself, for the Authorization header only.
     *
     * @throws IllegalStateException when no key is set
     */
    public String value() {
        if (value == null) {
            throw new IllegalStateException("no API key in " + variable);
        }
        return value;
    }

    @Override
    public String toString() {
        return "ApiKey[" + variable + (value == null ? " unset" : "=****") + "]";
    }
}
