package io.genpipe.simulator.fal;

import io.genpipe.simulator.fal.FalBodies.Violation;
import tools.jackson.databind.JsonNode;

import java.util.Map;
import java.util.OptionalLong;

/**
 * The parts of an image model's input the simulator honours: prompt, {@code num_images}, {@code image_size} and
 * {@code seed}; an edit model's {@code image_url}; {@code loras} where given. Other fields ({@code negative_prompt},
 * {@code guidance_scale}, ...) are accepted and ignored, as models ignore extras.
 */
record FalInput(String prompt, int numImages, int width, int height, OptionalLong seed) {

    private static final int MAX_IMAGES = 4;
    private static final int MAX_SIDE = 14_142;
    private static final Map<String, int[]> PRESETS = Map.of(
            "square_hd", new int[] {1024, 1024},
            "square", new int[] {512, 512},
            "portrait_4_3", new int[] {768, 1024},
            "portrait_16_9", new int[] {576, 1024},
            "landscape_4_3", new int[] {1024, 768},
            "landscape_16_9", new int[] {1024, 576});
    private static final String PRESET_NAMES =
            "'square_hd', 'square', 'portrait_4_3', 'portrait_16_9', 'landscape_4_3' or 'landscape_16_9'";

    /** The input, or {@link Invalid} naming the first field that fails as fal's 422 would. */
    static FalInput parse(String modelId, JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new Invalid(Violation.of(null, "Input should be a valid dictionary", "dict_type"));
        }
        JsonNode prompt = body.get("prompt");
        if (prompt == null || prompt.isNull()) {
            throw new Invalid(Violation.of("prompt", "field required", "missing"));
        }
        if (!prompt.isString()) {
            throw new Invalid(Violation.of("prompt", "Input should be a valid string", "string_type"));
        }
        if (FalModel.of(modelId) == FalModel.IMAGE_EDIT) {
            requireImage(body.get("image_url"), "image_url");
        }
        loras(body.get("loras"));
        int numImages = numImages(body.get("num_images"));
        int[] size = imageSize(body.get("image_size"), defaultSize(modelId));
        return new FalInput(prompt.stringValue(), numImages, size[0], size[1], seed(body.get("seed")));
    }

    /** An image to work on: an http(s) URL (taken on trust), or a data URI that must hold an image. */
    static void requireImage(JsonNode node, String field) {
        String reference = requireFileReference(node, field);
        if (FalFiles.isDataUri(reference)
                && !FalFiles.dataUriBytes(reference).map(FalFiles::isImage).orElse(false)) {
            throw new Invalid(Violation.of(field, "Failed to load the image. Please ensure the image file is not "
                    + "corrupted and is in a supported format.", "image_load_error"));
        }
    }

    /** A required string that is a URL or a data URI. */
    static String requireFileReference(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            throw new Invalid(Violation.of(field, "field required", "missing"));
        }
        if (!node.isString()) {
            throw new Invalid(Violation.of(field, "Input should be a valid string", "string_type"));
        }
        if (!FalFiles.isUrlOrDataUri(node.stringValue())) {
            throw new Invalid(Violation.of(field, "Input should be a valid URL or data URI", "url_parsing"));
        }
        return node.stringValue();
    }

    /** {@code loras: [{path, scale}]}: each path a URL or data URI of the weights, each scale a number. */
    private static void loras(JsonNode node) {
        if (node == null || node.isNull()) {
            return;
        }
        if (!node.isArray()) {
            throw new Invalid(Violation.of("loras", "Input should be a valid list", "list_type"));
        }
        for (JsonNode lora : node) {
            if (!lora.isObject()) {
                throw new Invalid(Violation.of("loras", "Input should be a valid dictionary", "dict_type"));
            }
            JsonNode path = lora.get("path");
            if (path == null || path.isNull()) {
                throw new Invalid(Violation.of("loras", "field required: path", "missing"));
            }
            if (!path.isString() || !FalFiles.isUrlOrDataUri(path.stringValue())) {
                throw new Invalid(Violation.of("loras", "path should be a URL of the LoRA weights", "url_parsing"));
            }
            JsonNode scale = lora.get("scale");
            if (scale != null && !scale.isNull() && !scale.isNumber()) {
                throw new Invalid(Violation.of("loras", "scale should be a valid number", "float_type"));
            }
        }
    }

    /** fast-sdxl defaults to square_hd; flux and qwen-image to landscape_4_3 (vendor-apis.md). */
    private static String defaultSize(String modelId) {
        return modelId.startsWith("fal-ai/fast-sdxl") ? "square_hd" : "landscape_4_3";
    }

    private static int numImages(JsonNode node) {
        if (node == null || node.isNull()) {
            return 1;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw new Invalid(Violation.of("num_images", "Input should be a valid integer", "int_type"));
        }
        int value = node.intValue();
        if (value < 1) {
            throw new Invalid(Violation.of("num_images", "Input should be greater than or equal to 1", "greater_than_equal"));
        }
        if (value > MAX_IMAGES) {
            throw new Invalid(Violation.of("num_images", "Input should be less than or equal to 4", "less_than_equal"));
        }
        return value;
    }

    private static int[] imageSize(JsonNode node, String defaultPreset) {
        if (node == null || node.isNull()) {
            return PRESETS.get(defaultPreset);
        }
        if (node.isString()) {
            int[] preset = PRESETS.get(node.stringValue());
            if (preset == null) {
                throw new Invalid(Violation.of("image_size", "Input should be " + PRESET_NAMES, "enum"));
            }
            return preset;
        }
        if (node.isObject()) {
            return new int[] {side(node.get("width"), "width"), side(node.get("height"), "height")};
        }
        throw new Invalid(Violation.of("image_size", "Input should be a valid dictionary or " + PRESET_NAMES, "union_type"));
    }

    private static int side(JsonNode node, String name) {
        if (node == null || node.isNull()) {
            throw new Invalid(Violation.of("image_size", "field required: " + name, "missing"));
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < 1 || node.intValue() > MAX_SIDE) {
            throw new Invalid(Violation.of("image_size",
                    name + " should be an integer between 1 and " + MAX_SIDE, "value_error"));
        }
        return node.intValue();
    }

    private static OptionalLong seed(JsonNode node) {
        if (node == null || node.isNull()) {
            return OptionalLong.empty();
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw new Invalid(Violation.of("seed", "Input should be a valid integer", "int_type"));
        }
        return OptionalLong.of(node.longValue());
    }

    /** The input breaks the model's schema; fal answers 422 with this violation. */
    static final class Invalid extends RuntimeException {

        private final transient Violation violation;

        Invalid(Violation violation) {
            super(violation.msg(), null, false, false);
            this.violation = violation;
        }

        Violation violation() {
            return violation;
        }
    }
}
