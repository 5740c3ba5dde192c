package io.genpipe.simulator.leonardo;

import tools.jackson.databind.JsonNode;

import java.util.Set;

/**
 * The body of {@code POST /models} (train a custom model), as Leonardo's published OpenAPI describes it [obs: the
 * copy in api-evangelist/leonardo-ai, openapi/leonardo-ai-models-api-openapi.yml]: {@code name}, {@code datasetId}
 * and {@code instance_prompt} required; {@code description}, {@code modelType} (default GENERAL), {@code nsfw},
 * {@code resolution}, {@code sd_Version} and {@code strength} optional.
 *
 * <p>Two facts are uncertain and the simulator takes both readings: the schema names the base model field
 * {@code sd_version} while Leonardo's guides send {@code sd_Version} [?], and the schema says a resolution "must be
 * 512 or 768" while SDXL-based trainings run at 1024 [?].
 */
record LeonardoTrainingInput(String name, String description, String datasetId, String instancePrompt,
                             String modelType, int resolution, String sdVersion, String strength, boolean nsfw) {

    static final Set<Integer> RESOLUTIONS = Set.of(512, 768, 1024);
    static final Set<String> SD_VERSIONS = Set.of("v1_5", "v2", "v3", "SDXL_0_8", "SDXL_0_9", "SDXL_1_0",
            "SDXL_LIGHTNING", "PHOENIX", "FLUX", "FLUX_DEV", "KINO_2_0");
    static final Set<String> STRENGTHS = Set.of("VERY_LOW", "LOW", "MEDIUM", "HIGH");
    static final Set<String> MODEL_TYPES = Set.of("GENERAL", "BUILDINGS", "CHARACTERS", "ENVIRONMENTS", "FASHION",
            "ILLUSTRATIONS", "GAME_ITEMS", "GRAPHICAL_ELEMENTS", "PHOTOGRAPHY", "PIXEL_ART", "PRODUCT_DESIGN",
            "TEXTURES", "UI_ELEMENTS", "VECTOR");

    static LeonardoTrainingInput parse(JsonNode body) {
        if (!body.isObject()) {
            throw reject("Expected an object for type SDTrainingInput but found a " + body.getNodeType());
        }
        String name = required(body, "name");
        String datasetId = required(body, "datasetId");
        String instancePrompt = required(body, "instance_prompt");
        String description = optional(body, "description", "");
        String modelType = oneOf(body, "modelType", MODEL_TYPES, "GENERAL");
        String strength = oneOf(body, "strength", STRENGTHS, "MEDIUM");
        String sdField = body.has("sd_Version") ? "sd_Version" : "sd_version";
        String sdVersion = oneOf(body, sdField, SD_VERSIONS, "v1_5");
        JsonNode resolution = body.path("resolution");
        int side = 512;
        if (!resolution.isMissingNode() && !resolution.isNull()) {
            if (!resolution.isIntegralNumber() || !RESOLUTIONS.contains(resolution.intValue())) {
                throw reject("resolution must be 512, 768 or 1024, was " + resolution);
            }
            side = resolution.intValue();
        }
        JsonNode nsfw = body.path("nsfw");
        if (!nsfw.isMissingNode() && !nsfw.isNull() && !nsfw.isBoolean()) {
            throw reject("Expected a boolean for type Boolean but found " + nsfw.getNodeType() + " (nsfw)");
        }
        return new LeonardoTrainingInput(name, description, datasetId, instancePrompt, modelType, side, sdVersion,
                strength, nsfw.asBoolean(false));
    }

    private static String required(JsonNode body, String field) {
        JsonNode value = body.path(field);
        if (value.isMissingNode() || value.isNull()) {
            throw reject("Missing required field: " + field);
        }
        if (!value.isString() || value.stringValue().isBlank()) {
            throw reject("Expected a non-empty string for type String but found " + value.getNodeType()
                    + " (" + field + ")");
        }
        return value.stringValue();
    }

    private static String optional(JsonNode body, String field, String fallback) {
        JsonNode value = body.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return fallback;
        }
        if (!value.isString()) {
            throw reject("Expected a string for type String but found " + value.getNodeType() + " (" + field + ")");
        }
        return value.stringValue();
    }

    private static String oneOf(JsonNode body, String field, Set<String> values, String fallback) {
        String value = optional(body, field, fallback);
        if (!values.contains(value)) {
            throw reject("unexpected value '" + value + "' for enum " + field);
        }
        return value;
    }

    private static LeonardoError.Rejected reject(String message) {
        return new LeonardoError.Rejected(LeonardoError.invalid(message));
    }
}
