package io.genpipe.simulator.fal;

import io.genpipe.simulator.fal.FalBodies.Violation;
import io.genpipe.simulator.fal.FalInput.Invalid;
import tools.jackson.databind.JsonNode;

/**
 * A LoRA training's input (fal-ai/flux-lora-fast-training): {@code images_data_url}, the zip of the training images
 * (required), {@code trigger_word}, {@code steps} (default 1000), {@code is_style} and {@code create_masks}. The
 * simulator checks what it can: a data URI must hold a zip with files in it; a URL is taken on trust.
 */
record FalTrainingInput(String triggerWord, int steps) {

    static final int DEFAULT_STEPS = 1000;
    /** fal's bound is not documented [?]; genpipe's contracts allow up to 10,000. */
    static final int MAX_STEPS = 10_000;

    static FalTrainingInput parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new Invalid(Violation.of(null, "Input should be a valid dictionary", "dict_type"));
        }
        String archive = FalInput.requireFileReference(body.get("images_data_url"), "images_data_url");
        if (FalFiles.isDataUri(archive)
                && !FalFiles.dataUriBytes(archive).map(FalFiles::isZipWithEntries).orElse(false)) {
            throw new Invalid(Violation.of("images_data_url", "The training data is not a zip archive of images",
                    "invalid_archive"));
        }
        JsonNode trigger = body.get("trigger_word");
        if (trigger != null && !trigger.isNull() && !trigger.isString()) {
            throw new Invalid(Violation.of("trigger_word", "Input should be a valid string", "string_type"));
        }
        booleanField(body, "is_style");
        booleanField(body, "create_masks");
        return new FalTrainingInput(trigger == null || trigger.isNull() ? null : trigger.stringValue(),
                steps(body.get("steps")));
    }

    private static int steps(JsonNode node) {
        if (node == null || node.isNull()) {
            return DEFAULT_STEPS;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw new Invalid(Violation.of("steps", "Input should be a valid integer", "int_type"));
        }
        if (node.intValue() < 1 || node.intValue() > MAX_STEPS) {
            throw new Invalid(Violation.of("steps", "Input should be between 1 and " + MAX_STEPS, "value_error"));
        }
        return node.intValue();
    }

    private static void booleanField(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node != null && !node.isNull() && !node.isBoolean()) {
            throw new Invalid(Violation.of(field, "Input should be a valid boolean", "bool_type"));
        }
    }
}
