package io.genpipe.contracts.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.exc.InvalidTypeIdException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.ValueInstantiationException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;

/**
 * The one JSON mapping of genpipe messages. Readers tolerate fields they do not know, so producers can add
 * fields without breaking consumers; anything else wrong with a message becomes a {@link MessageFormatException}
 * that names the field, so the record can go to the DLQ with a reason. Thread-safe; share one instance.
 */
public final class JsonSerde {

    private static final JsonSerde INSTANCE = new JsonSerde();

    private final JsonMapper mapper;

    private JsonSerde() {
        this.mapper = JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                // Costs are BigDecimal: 0.00000005, never 5E-8, so any reader (and any human) reads them as written.
                .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
                // Strict: a number is not a string ("prompt": 123), a fraction is not an integer ("width": 1.5) and a
                // string is not a number ("count": "2"). Coercing hides a producer's mistake in a job it did not mean.
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .withCoercionConfig(LogicalType.Textual, strict -> strict
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Integer, strict -> strict
                        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail))
                // Nor is a string a decimal ("maxCostPerImageUsd": "0.04"), a string or a number a flag
                // ("fallback": "true", "enabled": 0), or a number an enum's name ("quality": 1).
                .withCoercionConfig(LogicalType.Float, strict -> strict
                        .setCoercion(CoercionInputShape.String, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Boolean, strict -> strict
                        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail))
                .enable(EnumFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .changeDefaultPropertyInclusion(incl -> incl.withValueInclusion(JsonInclude.Include.NON_NULL))
                .build();
    }

    public static JsonSerde instance() {
        return INSTANCE;
    }

    public byte[] write(Object message) {
        return mapper.writeValueAsBytes(message);
    }

    public String writeString(Object message) {
        return mapper.writeValueAsString(message);
    }

    /**
     * @throws MessageFormatException when the bytes are not a valid {@code type}: not JSON, a required field
     *                                missing, a value of the wrong shape, or an unknown variant
     */
    public <T> T read(byte[] bytes, Class<T> type) {
        if (bytes == null || bytes.length == 0) {
            throw new MessageFormatException(MessageFormatException.Problem.NOT_JSON, null, "empty message");
        }
        try {
            return mapper.readValue(bytes, type);
        } catch (JacksonException e) {
            throw translate(e);
        }
    }

    public <T> T read(String json, Class<T> type) {
        return read(json.getBytes(StandardCharsets.UTF_8), type);
    }

    private static MessageFormatException translate(JacksonException e) {
        String path = pathOf(e);
        if (e instanceof ValueInstantiationException && e.getCause() instanceof MessageFormatException cause) {
            // A record's constructor refused its values; the path leads to that record inside the message.
            return cause.under(path);
        }
        if (e instanceof InvalidTypeIdException typeError) {
            String typeId = typeError.getTypeId();
            return new MessageFormatException(MessageFormatException.Problem.UNKNOWN_TYPE, join(path, "type"),
                    typeId == null ? "is required" : "unknown type '" + typeId + "'");
        }
        if (e instanceof InputCoercionException outOfRange) {
            // Valid JSON, a number too large for its field: name the field, in JSON's words.
            return MessageFormatException.invalid(path.isEmpty() ? null : path, "is out of range for "
                    + JsonTypes.expected(outOfRange.getTargetType()) + ", was " + outOfRange.getOriginalMessage()
                    .replaceAll("(?s).*?value \\(([^)]*)\\).*", "$1"));
        }
        if (e instanceof StreamReadException && !(e instanceof DatabindException)) {
            return new MessageFormatException(MessageFormatException.Problem.NOT_JSON, null,
                    "not valid JSON: " + e.getOriginalMessage());
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null
                && mismatch.getTargetType().isPrimitive() && String.valueOf(e.getOriginalMessage())
                .startsWith("Cannot map `null`")) {
            // A number or flag left out (or null) is missing, not of the wrong type.
            return MessageFormatException.missing(path.isEmpty() ? null : path);
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            // Jackson's words name Java types; a producer knows JSON's.
            return MessageFormatException.invalid(path.isEmpty() ? null : path,
                    "must be " + JsonTypes.expected(mismatch.getTargetType()) + JsonTypes.found(mismatch));
        }
        return MessageFormatException.invalid(path.isEmpty() ? null : path, e.getOriginalMessage());
    }

    private static String pathOf(JacksonException e) {
        return e.getPath().stream()
                .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
    }

    private static String join(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }
}
