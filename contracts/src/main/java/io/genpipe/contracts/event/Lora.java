package io.genpipe.contracts.event;

import io.genpipe.contracts.json.MessageFormatException;

import java.math.BigDecimal;

/**
 * LoRA weights a text-to-image job applies, such as a {@link TrainedModel}'s: only models whose catalog entry takes
 * LoRAs ({@code loras: n}) are sent the job.
 *
 * @param url   where the weights are: an https URL (fal's and Replicate's trainings give one) or a {@code file:}
 *              reference into the image store
 * @param scale how strongly they apply, 0 to 4 (default 1)
 */
public record Lora(String url, BigDecimal scale) {

    public static final BigDecimal MAX_SCALE = BigDecimal.valueOf(4);

    public Lora {
        InputImages.require(url, "url");
        scale = scale == null ? BigDecimal.ONE : scale;
        if (scale.signum() < 0 || scale.compareTo(MAX_SCALE) > 0) {
            throw MessageFormatException.invalid("scale", "must be 0 to 4, was " + scale.toPlainString());
        }
    }
}
