package io.genpipe.contracts.json;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** What a field's Java type is in JSON's terms, for messages a producer can act on ("must be an integer"). */
final class JsonTypes {

    private JsonTypes() {
    }

    static String expected(Class<?> type) {
        if (type == String.class || type == Character.class || type == char.class) {
            return "a string";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class || type == short.class) {
            return "an integer";
        }
        if (type == BigDecimal.class || type == Double.class || type == double.class || type == Float.class
                || type == float.class || Number.class.isAssignableFrom(type)) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == Instant.class) {
            return "an RFC 3339 date-time string (2026-12-01T10:15:30Z)";
        }
        if (type == LocalDate.class) {
            return "a date string (2026-12-01)";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(JsonTypes::wireName)
                    .collect(Collectors.joining(", ", "[", "]"));
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord() || !type.getName().startsWith("java.")) {
            return "an object";
        }
        return "a " + type.getSimpleName().toLowerCase(Locale.ROOT);
    }

    /** ", was \"text-to-sound\"" when the offending value is known and short; empty otherwise. */
    static String found(MismatchedInputException mismatch) {
        if (mismatch instanceof InvalidFormatException invalid && invalid.getValue() != null) {
            String value = String.valueOf(invalid.getValue());
            if (value.length() <= 40) {
                return ", was " + (invalid.getValue() instanceof String ? "\"" + value + "\"" : value);
            }
        }
        return "";
    }

    /** The enum constant as it is written on the wire: its {@code @JsonProperty} name when it has one. */
    private static String wireName(Object constant) {
        Enum<?> value = (Enum<?>) constant;
        try {
            JsonProperty property = value.getDeclaringClass().getField(value.name()).getAnnotation(JsonProperty.class);
            return property != null && !property.value().isEmpty() ? property.value() : value.name();
        } catch (NoSuchFieldException impossible) {
            return value.name();
        }
    }
}
