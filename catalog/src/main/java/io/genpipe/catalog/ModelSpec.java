package io.genpipe.catalog;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * One model in the catalog file. See {@code genpipe-catalog.yml} for every key in use.
 *
 * @param operations      wire names, e.g. {@code text-to-image}
 * @param sizes           a list of sizes, or a rule
 * @param maxImages       images per call
 * @param steps           inference steps it takes, when it has that parameter
 * @param guidance        guidance scale it takes, when it has that parameter
 * @param seed            takes a seed
 * @param negativePrompt  takes a negative prompt
 * @param maxPromptLength characters; unset when the vendor does not say
 * @param latencyP50      usual time of a call
 * @param latencyP95      slow time of a call
 * @param quality         0 to 100, comparable across vendors
 * @param renderQuality   the vendor's quality setting genpipe asks for (GPT image: {@code low}); optional
 * @param pricing         how it is billed; required
 * @param priceSource     where the price comes from, and when
 * @param deprecatedOn    optional
 * @param shutdownOn      optional; from this day on the model is never dispatched
 * @param replacement     optional; the vendor's recommended successor
 * @param options         adapter-specific settings
 * @param maxInputImages  input images a call takes (image-edit, model-training); unset: none
 * @param mask            takes a mask with an edit
 * @param loras           LoRA weights a call applies; unset: none
 */
public record ModelSpec(
        List<String> operations,
        SizesSpec sizes,
        Integer maxImages,
        RangeSpec steps,
        RangeSpec guidance,
        Boolean seed,
        Boolean negativePrompt,
        Integer maxPromptLength,
        Duration latencyP50,
        Duration latencyP95,
        Integer quality,
        String renderQuality,
        PricingSpec pricing,
        String priceSource,
        LocalDate deprecatedOn,
        LocalDate shutdownOn,
        String replacement,
        Map<String, String> options,
        Integer maxInputImages,
        Boolean mask,
        Integer loras) {

    /**
     * Either {@code list} (sizes as {@code WxH}), or a rule: sides in multiples of {@code multipleOf}, at least
     * {@code minSide}, no larger than {@code largest} (in pixels, and on the longer side), aspect up to
     * {@code maxAspect}; {@code list} is then a set of presets also allowed.
     */
    public record SizesSpec(List<String> list, Integer multipleOf, Integer minSide, String largest,
                            BigDecimal maxAspect) {
    }

    /** An inclusive range. */
    public record RangeSpec(BigDecimal min, BigDecimal max) {
    }

    /**
     * Exactly one of these is set.
     *
     * @param perImage     USD per image: {@code any}, or by quality ({@code low}), size ({@code 1024x1024}) or both
     *                     ({@code low-1024x1024})
     * @param perMegapixel USD per megapixel (1024 x 1024 px) of output
     * @param perToken     USD per million tokens
     * @param perGpuSecond USD per second of GPU time
     * @param perCredit    USD per vendor credit
     * @param perRun       USD per run, whatever it makes (a training)
     */
    public record PricingSpec(Map<String, BigDecimal> perImage, BigDecimal perMegapixel, PerTokenSpec perToken,
                              BigDecimal perGpuSecond, PerCreditSpec perCredit, BigDecimal perRun) {
    }

    /**
     * @param textInput    USD per million prompt tokens
     * @param imageInput   USD per million input image tokens
     * @param output       USD per million output tokens
     * @param outputTokens quality to size ({@code WxH}) to output tokens per image, for estimates
     */
    public record PerTokenSpec(BigDecimal textInput, BigDecimal imageInput, BigDecimal output,
                               Map<String, Map<String, Long>> outputTokens) {
    }

    /** @param usd USD per credit; @param creditsPerImage when the vendor publishes it (for estimates) */
    public record PerCreditSpec(BigDecimal usd, BigDecimal creditsPerImage) {
    }
}
