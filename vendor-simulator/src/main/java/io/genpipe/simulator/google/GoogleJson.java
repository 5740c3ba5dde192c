package io.genpipe.simulator.google;

import tools.jackson.databind.json.JsonMapper;

/** Google's JSON names fields in camelCase, unlike the simulator's shared snake_case mapper. */
final class GoogleJson {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private GoogleJson() {
    }

    static byte[] write(Object value) {
        return MAPPER.writeValueAsBytes(value);
    }
}
