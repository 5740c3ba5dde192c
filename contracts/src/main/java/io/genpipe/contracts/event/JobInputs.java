package io.genpipe.contracts.event;

import io.genpipe.contracts.json.MessageFormatException;

import java.util.List;
import java.util.Locale;

/**
 * What a job works on besides its prompt: input images (edits and trainings), a mask (edits), LoRA weights
 * (text-to-image) and what to train. Images travel as references ({@link InputImages}), never as bytes.
 *
 * @param images   the images to edit (the first is the one a mask applies to) or to train on; an https URL of a
 *                 {@code .zip} archive counts as the training set it holds
 * @param mask     image-edit only, optional: where to edit, transparent pixels marking the area
 * @param loras    text-to-image only, optional: weights to apply
 * @param training model-training only: what to train
 */
public record JobInputs(List<String> images, String mask, List<Lora> loras, Training training) {

    public static final int MAX_EDIT_IMAGES = 16;
    public static final int MAX_TRAINING_IMAGES = 200;
    public static final int MAX_LORAS = 3;

    public JobInputs {
        images = InputImages.requireAll(images, "images", MAX_TRAINING_IMAGES);
        if (mask != null) {
            InputImages.require(mask, "mask");
        }
        loras = Require.listOrEmpty(loras);
        if (loras.size() > MAX_LORAS) {
            throw MessageFormatException.invalid("loras", "takes at most " + MAX_LORAS + ", was " + loras.size());
        }
    }

    public static final JobInputs NONE = new JobInputs(List.of(), null, List.of(), null);

    public static JobInputs edit(List<String> images, String mask) {
        return new JobInputs(images, mask, List.of(), null);
    }

    public static JobInputs training(List<String> images, Training training) {
        return new JobInputs(images, null, List.of(), training);
    }

    public static JobInputs loras(List<Lora> loras) {
        return new JobInputs(List.of(), null, loras, null);
    }

    /**
     * Checks that these inputs are what {@code operation} takes, naming the field at fault under {@code inputs}.
     */
    void requireFor(Operation operation) {
        switch (operation) {
            case TEXT_TO_IMAGE -> {
                refuse(!images.isEmpty(), "inputs.images", "text-to-image takes no input images; use image-edit");
                refuse(mask != null, "inputs.mask", "only image-edit takes a mask");
                refuse(training != null, "inputs.training", "only model-training takes a training");
            }
            case IMAGE_EDIT -> {
                refuse(images.isEmpty(), "inputs.images", "image-edit needs at least one image");
                refuse(images.size() > MAX_EDIT_IMAGES, "inputs.images",
                        "image-edit takes at most " + MAX_EDIT_IMAGES + " images, was " + images.size());
                refuse(!loras.isEmpty(), "inputs.loras", "only text-to-image takes LoRA weights");
                refuse(training != null, "inputs.training", "only model-training takes a training");
            }
            case MODEL_TRAINING -> {
                refuse(images.isEmpty(), "inputs.images", "model-training needs images to train on");
                refuse(training == null, "inputs.training", "model-training needs a name and a trigger word");
                refuse(mask != null, "inputs.mask", "only image-edit takes a mask");
                refuse(!loras.isEmpty(), "inputs.loras", "only text-to-image takes LoRA weights");
            }
        }
    }

    /** The one archive a training set may be given as, if that is how it was given. */
    public boolean isArchive() {
        return images.size() == 1 && images.get(0).toLowerCase(Locale.ROOT).split("\\?", 2)[0]
                .endsWith(".zip");
    }

    private static void refuse(boolean wrong, String field, String reason) {
        if (wrong) {
            throw MessageFormatException.invalid(field, reason);
        }
    }
}
