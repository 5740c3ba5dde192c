package io.genpipe.contracts.catalog;

import java.math.BigDecimal;
import java.util.List;

/**
 * What a vendor reported about one call, as much as it reported: the images it made and their actual sizes,
 * the tokens it counted, the GPU time it ran, the credits it charged. What a vendor did not report is
 * {@code null}, and a price that needs it cannot bill the call (its cost is unknown, never zero).
 *
 * @param images           the actual size of each image made; empty when the vendor made none
 * @param quality          the quality setting the call ran at (e.g. {@code low}); optional
 * @param textInputTokens  prompt tokens
 * @param imageInputTokens input image tokens (edits)
 * @param outputTokens     generated image tokens
 * @param gpuSeconds       GPU time billed
 * @param credits          vendor credits charged
 */
public record Usage(List<Size> images, String quality, Long textInputTokens, Long imageInputTokens,
                    Long outputTokens, BigDecimal gpuSeconds, BigDecimal credits) {

    public Usage {
        images = images == null ? List.of() : List.copyOf(images);
    }

    /** The vendor made these images and said nothing more. */
    public static Usage ofImages(List<Size> images, String quality) {
        return new Usage(images, quality, null, null, null, null, null);
    }

    public Usage withTokens(Long textInput, Long imageInput, Long output) {
        return new Usage(images, quality, textInput, imageInput, output, gpuSeconds, credits);
    }

    public Usage withGpuSeconds(BigDecimal seconds) {
        return new Usage(images, quality, textInputTokens, imageInputTokens, outputTokens, seconds, credits);
    }

    public Usage withCredits(BigDecimal charged) {
        return new Usage(images, quality, textInputTokens, imageInputTokens, outputTokens, gpuSeconds, charged);
    }
}
