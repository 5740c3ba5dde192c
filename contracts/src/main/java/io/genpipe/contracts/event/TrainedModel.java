package io.genpipe.contracts.event;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What a model-training job made, and how a later job names it.
 *
 * @param kind        what {@code reference} is
 * @param reference   LoRA weights' URL (fal, Replicate's {@code weights}), a model version {@code owner/name:version}
 *                    (Replicate), or a custom model id (Leonardo)
 * @param triggerWord the word that summons the subject, as the job gave it
 */
public record TrainedModel(Kind kind, String reference, String triggerWord) {

    public TrainedModel {
        Require.present(kind, "kind");
        Require.text(reference, "reference");
        Require.text(triggerWord, "triggerWord");
    }

    public enum Kind {
        /** Weights a text-to-image job applies through {@code inputs.loras[].url}. */
        @JsonProperty("lora-weights")
        LORA_WEIGHTS,
        /** A model version a job names in {@code model} on the provider that trained it. */
        @JsonProperty("model-version")
        MODEL_VERSION,
        /** A custom model id a job names in {@code model} on the provider that trained it. */
        @JsonProperty("custom-model")
        CUSTOM_MODEL
    }
}
