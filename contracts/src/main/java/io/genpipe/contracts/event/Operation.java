package io.genpipe.contracts.event;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Optional;

/**
 * The kind of generation work a job asks for. Routing keeps a provider list per operation, and each catalog model
 * names the operations it does.
 */
public enum Operation {
    /** Images from a prompt; the job may name LoRA weights ({@link JobInputs#loras}) for models that take them. */
    @JsonProperty("text-to-image")
    TEXT_TO_IMAGE("text-to-image"),

    /** Images from one or more input images and a prompt, with an optional mask ({@link JobInputs}). */
    @JsonProperty("image-edit")
    IMAGE_EDIT("image-edit"),

    /**
     * A model trained on the input images under a name and a trigger word ({@link JobInputs#training}); it ends in a
     * {@link TrainedModel} that later text-to-image jobs can name. It runs for minutes, reporting progress.
     */
    @JsonProperty("model-training")
    MODEL_TRAINING("model-training");

    private final String wireName;

    Operation(String wireName) {
        this.wireName = wireName;
    }

    /** The name on the wire and in configuration keys. */
    public String wireName() {
        return wireName;
    }

    /** The operation of that wire name, or empty. */
    public static Optional<Operation> fromWireName(String name) {
        for (Operation operation : values()) {
            if (operation.wireName.equals(name)) {
                return Optional.of(operation);
            }
        }
        return Optional.empty();
    }
}
