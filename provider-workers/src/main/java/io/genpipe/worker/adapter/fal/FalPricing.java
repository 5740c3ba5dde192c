package io.genpipe.worker.adapter.fal;

import io.genpipe.contracts.event.ImageRef;
import io.genpipe.worker.adapter.Money;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * fal bills image models per megapixel of output, a megapixel being 1024 x 1024 pixels. Built-in prices are the
 * published ones (vendor-apis.md, dated); configured prices add to and override them.
 */
public final class FalPricing {

    /** USD per megapixel (fal pricing, Mar 2026). fast-sdxl's price was not found, so it has none here. */
    public static final Map<String, BigDecimal> DEFAULTS = Map.of(
            "fal-ai/flux/schnell", new BigDecimal("0.003"),
            "fal-ai/qwen-image", new BigDecimal("0.02"));

    private static final Logger log = LoggerFactory.getLogger(FalPricing.class);
    private static final BigDecimal PIXELS_PER_MEGAPIXEL = BigDecimal.valueOf(1024L * 1024L);

    private final Map<String, BigDecimal> perMegapixel;
    private final Set<String> warnedModels = ConcurrentHashMap.newKeySet();

    public FalPricing(Map<String, BigDecimal> configured) {
        Map<String, BigDecimal> prices = new HashMap<>(DEFAULTS);
        configured.forEach((model, price) -> {
            if (!model.contains("/")) {
                // Spring drops '/' from map keys unless they are written in brackets, which loses the model id.
                log.warn("fal price for '{}' is not keyed by a model id (owner/app): write the key as \"[owner/app]\"",
                        model);
            }
            prices.put(model, price);
        });
        this.perMegapixel = Map.copyOf(prices);
    }

    public static FalPricing defaults() {
        return new FalPricing(Map.of());
    }

    /**
     * The price of a model, or of the nearest model it is a path of ({@code fal-ai/qwen-image/lora} uses
     * {@code fal-ai/qwen-image}).
     */
    public Optional<BigDecimal> pricePerMegapixel(String model) {
        String id = model;
        while (true) {
            BigDecimal price = perMegapixel.get(id);
            if (price != null) {
                return Optional.of(price);
            }
            int slash = id.lastIndexOf('/');
            if (slash <= 0) {
                return Optional.empty();
            }
            id = id.substring(0, slash);
        }
    }

    /**
     * What the images cost: the price per megapixel times the megapixels of all images. A model without a known
     * price costs zero, with a warning, rather than failing an attempt whose images exist.
     */
    public BigDecimal cost(String model, List<ImageRef> images) {
        Optional<BigDecimal> price = pricePerMegapixel(model);
        if (price.isEmpty()) {
            if (warnedModels.add(model)) {
                log.warn("no fal price for model {}: its attempts are recorded at zero cost; "
                        + "set genpipe.workers.providers.<name>.megapixel-prices", model);
            }
            return BigDecimal.ZERO;
        }
        long pixels = 0;
        for (ImageRef image : images) {
            pixels += (long) image.width() * image.height();
        }
        // A megapixel is 2^20 pixels, so the division always ends: exact.
        return Money.usd(price.get().multiply(BigDecimal.valueOf(pixels)).divide(PIXELS_PER_MEGAPIXEL));
    }
}
