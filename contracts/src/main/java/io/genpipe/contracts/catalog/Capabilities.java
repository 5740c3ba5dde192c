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
 */
public record Capabilities(SizeRule sizes, int maxImages, Range<Integer> steps, Range<BigDecimal> guidance,
                           boolean seed, boolean negativePrompt, Integer maxPromptLength) {

    public Capabilities {
        Objects.requireNonNull(sizes, "sizes");
        if (maxImages < 1) {
            throw new IllegalArgumentException("max-images must be at least 1, was " + maxImages);
        }
        if (maxPromptLength != null && maxPromptLength < 1) {
            throw new IllegalArgumentException("max-prompt-length must be at least 1, was " + maxPromptLength);
        }
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
