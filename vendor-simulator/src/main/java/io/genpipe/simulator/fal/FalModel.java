package io.genpipe.simulator.fal;

import java.util.Map;

/**
 * The shape of input a simulated fal model takes, by model id. Every model the simulator does not list here takes
 * text-to-image input, as every model did before edits and trainings.
 */
enum FalModel {
    /** {@code prompt}, sizes, counts, seed, and {@code loras} where given. */
    TEXT_TO_IMAGE,
    /** Text-to-image input plus one {@code image_url} to edit (fal-ai/qwen-image-edit). */
    IMAGE_EDIT,
    /** A LoRA trained on {@code images_data_url} (fal-ai/flux-lora-fast-training); no prompt. */
    LORA_TRAINING;

    private static final Map<String, FalModel> LISTED = Map.of(
            "fal-ai/qwen-image-edit", IMAGE_EDIT,
            "fal-ai/flux-lora-fast-training", LORA_TRAINING);

    static FalModel of(String modelId) {
        return LISTED.getOrDefault(modelId, TEXT_TO_IMAGE);
    }
}
