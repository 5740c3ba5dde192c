package io.genpipe.simulator.http;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

import java.util.Optional;

/**
 * The one JSON mapper of the simulator. Thread-safe once built. Both vendors name fields in snake_case,
 * so response records keep Java names ({@code requestId}) and the mapper writes {@code request_id}.
 * Map keys are written as they are.
 */
public final class Json {

    public static final JsonMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .build();

    private Json() {
    }

    /** The parsed body, or empty when it is not JSON at all (each vendor answers that differently). */
    public static Optional<JsonNode> parse(byte[] body) {
        if (body.length == 0) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(MAPPER.readTree(body));
        } catch (JacksonException notJson) {
            return Optional.empty();
        }
    }

    public static byte[] write(Object value) {
        return MAPPER.writeValueAsBytes(value);
    }
}
