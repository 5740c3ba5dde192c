package io.genpipe.simulator.leonardo;

import tools.jackson.databind.JsonNode;

import java.util.OptionalLong;

/**
 * The parts of {@code POST /generations} the simulator honours: {@code prompt} (required), {@code modelId},
 * {@code width}/{@code height} (multiples of 8), {@code num_images} (1-8) and {@code seed}. Boolean switches
 * ({@code alchemy}, {@code photoReal}, {@code public}) are type-checked, as Hasura checks them, and otherwise
 * ignored; so is every other field.
 */
record LeonardoInput(String prompt, String modelId, int width, int height, int numImages, OptionalLong seed) {

    static final int MAX_IMAGES = 8;
    /** Leonardo's own default size when none is given [?]. */
    static final int DEFAULT_SIDE = 1024;
    /** Bounds are not documented [?]; these keep requests to sizes the legacy models take. */
    static final int MIN_SIDE = 32;
    static final int MAX_SIDE = 2048;
    private static final String[] BOOLEAN_FIELDS = {"alchemy", "photoReal", "public", "promptMagic"};

    static LeonardoInput parse(JsonNode body) {
        if (!body.isObject()) {
            throw reject("Expected an object for type generations_insert_input but found " + kind(body));
        }
        JsonNode prompt = body.path("prompt");
        if (prompt.isMissingNode() || prompt.isNull()) {
            throw reject("Missing required field: prompt");
        }
        if (!prompt.isString() || prompt.stringValue().isBlank()) {
            throw reject("Expected a non-empty string for type String but found " + kind(prompt));
        }
        for (String field : BOOLEAN_FIELDS) {
            JsonNode flag = body.path(field);
            if (!flag.isMissingNode() && !flag.isNull() && !flag.isBoolean()) {
                throw reject("Expected a boolean for type Boolean but found " + kind(flag));
            }
        }
        JsonNode model = body.path("modelId");
        if (!model.isMissingNode() && !model.isNull() && !model.isString()) {
            throw reject("Expected a string for type String but found " + kind(model));
        }
        int width = side(body.path("width"), "width");
        int height = side(body.path("height"), "height");
        int numImages = integer(body.path("num_images"), "num_images", 1);
        if (numImages < 1 || numImages > MAX_IMAGES) {
            throw reject("num_images must be between 1 and " + MAX_IMAGES);
        }
        JsonNode seed = body.path("seed");
        OptionalLong seedValue = OptionalLong.empty();
        if (!seed.isMissingNode() && !seed.isNull()) {
            if (!seed.isIntegralNumber() || !seed.canConvertToLong() || seed.longValue() < 0) {
                throw reject("Expected a non-negative integer for type Int but found " + kind(seed));
            }
            seedValue = OptionalLong.of(seed.longValue());
        }
        return new LeonardoInput(prompt.stringValue(), model.isString() ? model.stringValue() : null, width, height,
                numImages, seedValue);
    }

    private static int side(JsonNode node, String field) {
        int side = integer(node, field, DEFAULT_SIDE);
        if (side % 8 != 0 || side < MIN_SIDE || side > MAX_SIDE) {
            throw reject(field + " must be a multiple of 8 between " + MIN_SIDE + " and " + MAX_SIDE + ", was " + side);
        }
        return side;
    }

    private static int integer(JsonNode node, String field, int fallback) {
        if (node.isMissingNode() || node.isNull()) {
            return fallback;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw reject("Expected an integer for type Int but found " + kind(node) + " (" + field + ")");
        }
        return node.intValue();
    }

    private static String kind(JsonNode node) {
        if (node.isString()) {
            return "a string";
        }
        if (node.isNumber()) {
            return "a number";
        }
        if (node.isBoolean()) {
            return "a boolean";
        }
        if (node.isArray()) {
            return "an array";
        }
        return node.isObject() ? "an object" : "null";
    }

    private static LeonardoError.Rejected reject(String message) {
        return new LeonardoError.Rejected(LeonardoError.invalid(message));
    }
}
