package io.genpipe.simulator.huggingface;

import tools.jackson.databind.JsonNode;

/**
 * One validated text-to-image call: {@code {"inputs":"<prompt>","parameters":{...}}} (vendor-apis.md section 8).
 * The size and seed are honoured; {@code guidance_scale}, {@code negative_prompt}, {@code scheduler} are accepted
 * and ignored. The bounds are the simulator's assumption [?]: Hugging Face documents none.
 */
record HuggingFaceRequest(String prompt, int width, int height, Long seed) {

    static final int DEFAULT_SIDE = 1024;
    static final int MIN_SIDE = 64;
    static final int MAX_SIDE = 2048;

    static HuggingFaceRequest parse(JsonNode body) {
        JsonNode inputs = body.path("inputs");
        if (!inputs.isString() || inputs.asString().isBlank()) {
            throw invalid("inputs: a non-empty prompt string is required");
        }
        JsonNode parameters = body.path("parameters");
        if (!parameters.isMissingNode() && !parameters.isNull() && !parameters.isObject()) {
            throw invalid("parameters: must be an object");
        }
        int width = side(parameters.path("width"), "width");
        int height = side(parameters.path("height"), "height");
        JsonNode steps = parameters.path("num_inference_steps");
        if (!steps.isMissingNode() && !(steps.isIntegralNumber() && steps.asLong() >= 1)) {
            throw invalid("num_inference_steps: must be a positive integer");
        }
        JsonNode seed = parameters.path("seed");
        if (!seed.isMissingNode() && !(seed.isIntegralNumber() && seed.asLong() >= 0)) {
            throw invalid("seed: must be a non-negative integer");
        }
        return new HuggingFaceRequest(inputs.asString(), width, height, seed.isMissingNode() ? null : seed.asLong());
    }

    private static int side(JsonNode value, String name) {
        if (value.isMissingNode() || value.isNull()) {
            return DEFAULT_SIDE;
        }
        if (!value.isIntegralNumber() || value.asLong() < MIN_SIDE || value.asLong() > MAX_SIDE
                || value.asLong() % 8 != 0) {
            throw invalid(name + ": must be a multiple of 8 from " + MIN_SIDE + " to " + MAX_SIDE);
        }
        return value.asInt();
    }

    private static HuggingFaceError.Rejected invalid(String message) {
        return new HuggingFaceError.Rejected(HuggingFaceError.badRequest(message));
    }
}
