package io.genpipe.contracts.catalog;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * What one model accepts.
 *
 * @param sizes           the image sizes it takes
 * @param maxImages       images one call can return
 * @param steps           inference steps it takes, or {@code null} when it has no such parameter
 * @param guidance        guidance scale it takes, or {@code null} when it has no such parameter
 * @param seed            whether it takes a seed (reproducible output)
 * @param negativePrompt  whether it takes a negative prompt
 * @param maxPromptLength the longest prompt it takes, in characters; {@code null} when the vendor does not say
 * @param maxInputImages  input images one call takes (edits, trainings); 0 for a model that takes none
 * @param mask            whether it takes a mask with an edit
 * @param maxLoras        LoRA weights one call applies; 0 for a model that takes none
 */
public record Capabilities(SizeRule sizes, int maxImages, Range<Integer> steps, Range<BigDecimal> guidance,
                           boolean seed, boolean negativePrompt, Integer maxPromptLength, int maxInputImages,
                           boolean mask, int maxLoras) {

    public Capabilities {
        Objects.requireNonNull(sizes, "sizes");
        if (maxImages < 1) {
            throw new IllegalArgumentException("max-images must be at least 1, was " + maxImages);
        }
        if (maxPromptLength != null && maxPromptLength < 1) {
            throw new IllegalArgumentException("max-prompt-length must be at least 1, was " + maxPromptLength);
        }
        if (maxInputImages < 0 || maxLoras < 0) {
            throw new IllegalArgumentException("max-input-images and loras must not be negative");
        }
    }

    /** A model that takes a prompt alone: no input images, mask or LoRA weights. */
    public Capabilities(SizeRule sizes, int maxImages, Range<Integer> steps, Range<BigDecimal> guidance,
                        boolean seed, boolean negativePrompt, Integer maxPromptLength) {
        this(sizes, maxImages, steps, guidance, seed, negativePrompt, maxPromptLength, 0, false, 0);
    }

    /** An inclusive range of a numeric parameter. */
    public record Range<T extends Comparable<T>>(T min, T max) {

        public Range {
            Objects.requireNonNull(min, "min");
            Objects.requireNonNull(max, "max");
            if (min.compareTo(max) > 0) {
                throw new IllegalArgumentException("min " + min + " is above max " + max);
            }
        }

        public boolean contains(T value) {
            return min.compareTo(value) <= 0 && value.compareTo(max) <= 0;
        }

        @Override
        public String toString() {
            return min + " to " + max;
        }
    }
}
