package io.genpipe.contracts.catalog;

import io.genpipe.contracts.event.Operation;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One model of one provider, as the catalog knows it.
 *
 * @param id           the vendor's model id, e.g. {@code fal-ai/flux/schnell} or {@code gpt-image-2}
 * @param operations   the kinds of work it does
 * @param capabilities sizes, counts and parameters it accepts
 * @param latency      how long a call usually takes
 * @param quality      a score from 0 to 100, comparable across vendors, for routing by quality
 * @param renderQuality the vendor's quality setting genpipe asks for ({@code low} for GPT image), which some prices
 *                     depend on; optional
 * @param pricing      how the vendor bills it; every model has one
 * @param priceSource  where the price comes from and when, so that a reader can judge it
 * @param lifecycle    deprecation and shutdown
 * @param options      adapter-specific settings, read only by its adapter (e.g. fal's {@code output-format-field})
 */
public record CatalogModel(String id, Set<Operation> operations, Capabilities capabilities, Latency latency,
                           int quality, String renderQuality, Pricing pricing, String priceSource,
                           Lifecycle lifecycle, Map<String, String> options) {

    public CatalogModel {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("a model needs an id");
        }
        operations = Set.copyOf(operations);
        if (operations.isEmpty()) {
            throw new IllegalArgumentException("a model needs at least one operation");
        }
        Objects.requireNonNull(capabilities, "capabilities");
        Objects.requireNonNull(latency, "latency");
        if (quality < 0 || quality > 100) {
            throw new IllegalArgumentException("quality is a score from 0 to 100, was " + quality);
        }
        Objects.requireNonNull(pricing, "pricing");
        priceSource = priceSource == null ? "" : priceSource;
        lifecycle = lifecycle == null ? Lifecycle.ACTIVE : lifecycle;
        options = options == null ? Map.of() : Map.copyOf(options);
    }

    public boolean supports(Operation operation) {
        return operations.contains(operation);
    }

    /** The expected cost of a call for {@code count} images at {@code size}. */
    public Optional<Usd> estimate(Size size, int count, int promptLength) {
        return pricing.estimate(new PriceQuery(size, count, renderQuality, promptLength, latency.p50()));
    }

    /**
     * A model the account trained, named {@code trainedId}, served as this one: its operations, sizes, latency and
     * options, and this model's price unless the catalog states another for trained models.
     */
    public CatalogModel trained(String trainedId, Pricing trainedPricing, String trainedPriceSource) {
        Pricing billed = trainedPricing == null ? pricing : trainedPricing;
        String source = trainedPricing == null ? priceSource + " (a trained model, billed as " + id + ")"
                : trainedPriceSource;
        return new CatalogModel(trainedId, operations, capabilities, latency, quality, renderQuality, billed, source,
                lifecycle, options);
    }

    public CatalogModel withLifecycle(Lifecycle changed) {
        return new CatalogModel(id, operations, capabilities, latency, quality, renderQuality, pricing, priceSource,
                changed, options);
    }
}
