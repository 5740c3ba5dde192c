package io.genpipe.contracts.event;

import io.genpipe.contracts.json.MessageFormatException;

import java.util.List;

/** Checks used by the event records' constructors, so that an invalid event cannot exist, wherever it came from. */
final class Require {

    private Require() {
    }

    static <T> T present(T value, String field) {
        if (value == null) {
            throw MessageFormatException.missing(field);
        }
        return value;
    }

    static String text(String value, String field) {
        if (value == null) {
            throw MessageFormatException.missing(field);
        }
        if (value.isBlank()) {
            throw MessageFormatException.invalid(field, "must not be blank");
        }
        return value;
    }

    static int positive(int value, String field) {
        if (value < 1) {
            throw MessageFormatException.invalid(field, "must be at least 1, was " + value);
        }
        return value;
    }

    static long notNegative(long value, String field) {
        if (value < 0) {
            throw MessageFormatException.invalid(field, "must not be negative, was " + value);
        }
        return value;
    }

    static <T> List<T> listOrEmpty(List<T> values) {
        return values == null ? List.of() : List.copyOf(values);
    }
}
