package io.genpipe.contracts.catalog;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How a vendor charges for a model, in the units it bills. Each price answers two questions: what a call will
 * cost before it is made ({@link #estimate}), and what it cost once the vendor has said what it did
 * ({@link #bill}). A bill that needs something the vendor did not report is empty: the cost is unknown, and is
 * recorded and shown as unknown, never as zero.
 */
public sealed interface Pricing permits Pricing.PerImage, Pricing.PerMegapixel, Pricing.PerToken,
        Pricing.PerGpuSecond, Pricing.PerCredit, Pricing.PerRun {

    /** A megapixel as vendors bill it: 1024 x 1024 pixels. */
    long PIXELS_PER_MEGAPIXEL = 1024L * 1024L;

    /** The expected cost of a call; empty when this price cannot tell in advance. */
    Optional<Usd> estimate(PriceQuery query);

    /** What the call cost, from what the vendor reported; empty when the report does not cover this price. */
    Optional<Usd> bill(Usage usage);

    /** For people: "$0.003 per megapixel". */
    String describe();

    /**
     * A price per image, by size and quality. Keys, most specific first: {@code low-1024x1024},
     * {@code 1024x1024}, {@code low}, and {@code any} for any other image.
     */
    record PerImage(Map<String, Usd> prices) implements Pricing {

        public PerImage {
            prices = Map.copyOf(new LinkedHashMap<>(prices));
            if (prices.isEmpty()) {
                throw new IllegalArgumentException("per-image needs at least one price");
            }
            prices.values().forEach(Pricing::requireNotNegative);
        }

        public Optional<Usd> priceOf(Size size, String quality) {
            String q = quality == null ? "" : quality;
            for (String key : new String[] {q + "-" + size, size.toString(), q, "any"}) {
                Usd price = prices.get(key);
                if (price != null) {
                    return Optional.of(price);
                }
            }
            return Optional.empty();
        }

        @Override
        public Optional<Usd> estimate(PriceQuery query) {
            return priceOf(query.size(), query.quality()).map(price -> price.times(query.count()));
        }

        @Override
        public Optional<Usd> bill(Usage usage) {
            Usd total = Usd.ZERO;
            for (Size image : usage.images()) {
                Optional<Usd> price = priceOf(image, usage.quality());
                if (price.isEmpty()) {
                    return Optional.empty();
                }
                total = total.plus(price.get());
            }
            return Optional.of(total);
        }

        @Override
        public String describe() {
            Usd any = prices.get("any");
            return prices.size() == 1 && any != null ? any + " per image" : "per image by size and quality " + prices;
        }
    }

    /** A price per megapixel of output (fal). */
    record PerMegapixel(Usd perMegapixel) implements Pricing {

        public PerMegapixel {
            requireNotNegative(perMegapixel);
        }

        @Override
        public Optional<Usd> estimate(PriceQuery query) {
            return Optional.of(of(query.size().pixels() * query.count()));
        }

        @Override
        public Optional<Usd> bill(Usage usage) {
            long pixels = usage.images().stream().mapToLong(Size::pixels).sum();
            return Optional.of(of(pixels));
        }

        private Usd of(long pixels) {
            // A megapixel is 2^20 pixels, so the division always ends: exact before rounding to Usd's scale.
            return new Usd(perMegapixel.amount().multiply(BigDecimal.valueOf(pixels))
                    .divide(BigDecimal.valueOf(PIXELS_PER_MEGAPIXEL)));
        }

        @Override
        public String describe() {
            return perMegapixel + " per megapixel";
        }
    }

    /**
     * Prices per million tokens (GPT image, Gemini image models), with the output tokens an image takes by quality
     * and size, for estimates: the vendor bills what it counted, which the estimate can only foresee.
     *
     * @param outputTokens quality to size to output tokens per image; a size not listed scales the listed size of
     *                     nearest aspect by area
     */
    record PerToken(Usd textInputPerMillion, Usd imageInputPerMillion, Usd outputPerMillion,
                    Map<String, Map<Size, Long>> outputTokens) implements Pricing {

        /** Characters per prompt token, for estimates: a rough rule for English text. */
        private static final int CHARS_PER_TOKEN = 4;

        public PerToken {
            requireNotNegative(textInputPerMillion);
            requireNotNegative(imageInputPerMillion);
            requireNotNegative(outputPerMillion);
            Map<String, Map<Size, Long>> copy = new LinkedHashMap<>();
            (outputTokens == null ? Map.<String, Map<Size, Long>>of() : outputTokens)
                    .forEach((quality, bySize) -> copy.put(quality, Map.copyOf(bySize)));
            outputTokens = Map.copyOf(copy);
            if (outputTokens.isEmpty()) {
                throw new IllegalArgumentException("per-token needs output-tokens by quality and size, for estimates");
            }
        }

        public Optional<Long> outputTokensPerImage(Size size, String quality) {
            Map<Size, Long> bySize = outputTokens.get(quality == null ? "" : quality);
            if (bySize == null && outputTokens.size() == 1) {
                bySize = outputTokens.values().iterator().next();
            }
            if (bySize == null || bySize.isEmpty()) {
                return Optional.empty();
            }
            Long exact = bySize.get(size);
            if (exact != null) {
                return Optional.of(exact);
            }
            Size nearest = null;
            for (Size listed : bySize.keySet()) {
                if (nearest == null || aspectDistance(listed, size) < aspectDistance(nearest, size)) {
                    nearest = listed;
                }
            }
            double scaled = bySize.get(nearest) * ((double) size.pixels() / nearest.pixels());
            return Optional.of((long) Math.ceil(scaled));
        }

        private static double aspectDistance(Size a, Size b) {
            return Math.abs(Math.log((double) a.width() / a.height()) - Math.log((double) b.width() / b.height()));
        }

        @Override
        public Optional<Usd> estimate(PriceQuery query) {
            return outputTokensPerImage(query.size(), query.quality()).map(perImage -> {
                long promptTokens = Math.max(1, (query.promptLength() + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN);
                return textInputPerMillion.perMillion(promptTokens)
                        .plus(outputPerMillion.perMillion(perImage * query.count()));
            });
        }

        @Override
        public Optional<Usd> bill(Usage usage) {
            if (usage.outputTokens() == null) {
                return Optional.empty();
            }
            long text = usage.textInputTokens() == null ? 0 : usage.textInputTokens();
            long images = usage.imageInputTokens() == null ? 0 : usage.imageInputTokens();
            return Optional.of(textInputPerMillion.perMillion(text)
                    .plus(imageInputPerMillion.perMillion(images))
                    .plus(outputPerMillion.perMillion(usage.outputTokens())));
        }

        @Override
        public String describe() {
            return "per 1M tokens: text in " + textInputPerMillion + ", image in " + imageInputPerMillion
                    + ", image out " + outputPerMillion;
        }
    }

    /** A price per second of GPU time (Replicate, Hugging Face inference). Estimates use the expected time. */
    record PerGpuSecond(Usd perSecond) implements Pricing {

        public PerGpuSecond {
            requireNotNegative(perSecond);
        }

        @Override
        public Optional<Usd> estimate(PriceQuery query) {
            BigDecimal seconds = BigDecimal.valueOf(query.expectedTime().toMillis()).movePointLeft(3);
            return Optional.of(perSecond.times(seconds));
        }

        @Override
        public Optional<Usd> bill(Usage usage) {
            return Optional.ofNullable(usage.gpuSeconds()).map(perSecond::times);
        }

        @Override
        public String describe() {
            return perSecond + " per GPU-second";
        }
    }

    /**
     * A price per vendor credit (Leonardo, Stability). The vendor's charge in credits is billed when it reports it;
     * otherwise, and for estimates, {@code creditsPerImage} when the vendor publishes it.
     */
    record PerCredit(Usd perCredit, BigDecimal creditsPerImage) implements Pricing {

        public PerCredit {
            requireNotNegative(perCredit);
            if (creditsPerImage != null && creditsPerImage.signum() < 0) {
                throw new IllegalArgumentException("credits-per-image must not be negative, was " + creditsPerImage);
            }
        }

        @Override
        public Optional<Usd> estimate(PriceQuery query) {
            return Optional.ofNullable(creditsPerImage)
                    .map(credits -> perCredit.times(credits.multiply(BigDecimal.valueOf(query.count()))));
        }

        @Override
        public Optional<Usd> bill(Usage usage) {
            if (usage.credits() != null) {
                return Optional.of(perCredit.times(usage.credits()));
            }
            return Optional.ofNullable(creditsPerImage)
                    .map(credits -> perCredit.times(credits.multiply(BigDecimal.valueOf(usage.images().size()))));
        }

        @Override
        public String describe() {
            return perCredit + " per credit" + (creditsPerImage == null ? ""
                    : ", " + creditsPerImage.setScale(Math.max(0, creditsPerImage.stripTrailingZeros().scale()),
                    RoundingMode.UNNECESSARY).toPlainString() + " credits per image");
        }
    }

    /**
     * A price per run, whatever it makes (a training run at fal). A run the vendor reports as made is billed it; one
     * it reports as never started is not billed (the adapter says so by billing nothing).
     */
    record PerRun(Usd perRun) implements Pricing {

        public PerRun {
            requireNotNegative(perRun);
        }

        @Override
        public Optional<Usd> estimate(PriceQuery query) {
            return Optional.of(perRun);
        }

        @Override
        public Optional<Usd> bill(Usage usage) {
            return Optional.of(perRun);
        }

        @Override
        public String describe() {
            return perRun + " per run";
        }
    }

    private static void requireNotNegative(Usd price) {
        Objects.requireNonNull(price, "price");
        if (price.isNegative()) {
            throw new IllegalArgumentException("a price must not be negative, was " + price);
        }
    }
}
