package io.genpipe.contracts.event;

import io.genpipe.contracts.json.MessageFormatException;

import java.math.BigDecimal;
import java.util.List;
import java.util.regex.Pattern;

/** Checks used by the event records' constructors, so that an invalid event cannot exist, wherever it came from. */
final class Require {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

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

    /** Ids end up in URLs, file names and database keys: keep them to characters that are safe in all three. */
    static String id(String value, String field) {
        text(value, field);
        if (!ID.matcher(value).matches()) {
            throw MessageFormatException.invalid(field,
                    "must be 1 to 128 letters, digits, '.', '_', ':' or '-', starting with a letter or digit");
        }
        return value;
    }

    /**
     * A reader cannot know what a newer shape means: fields may have changed meaning, not only been added. Such a
     * message is refused (dead-lettered with both versions named) rather than misread as this version.
     */
    static int knownVersion(int schemaVersion) {
        positive(schemaVersion, "schemaVersion");
        if (schemaVersion > GenpipeEvent.SCHEMA_VERSION) {
            throw MessageFormatException.invalid("schemaVersion", "version " + schemaVersion
                    + " is newer than this reader knows (" + GenpipeEvent.SCHEMA_VERSION + "); upgrade the consumer");
        }
        return schemaVersion;
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

    /** An amount that may be absent (unknown) but is never negative. */
    static BigDecimal notNegative(BigDecimal value, String field) {
        if (value != null && value.signum() < 0) {
            throw MessageFormatException.invalid(field, "must not be negative, was " + value.toPlainString());
        }
        return value;
    }

    static <T> List<T> listOrEmpty(List<T> values) {
        return values == null ? List.of() : List.copyOf(values);
    }
}
