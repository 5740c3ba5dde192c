package io.genpipe.router.policy;

import io.genpipe.contracts.catalog.CatalogModel;
import io.genpipe.contracts.event.RoutingRequest;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * What a job requires of a model (seed 000's {@code quality}, {@code speed} and {@code budget}, or a maximum cost
 * per image), checked against the catalog's facts with the operator's meaning of each word ({@link PolicySettings}).
 * A requirement is a fact about the model, not its health: a job that no model meets fails, it does not wait.
 */
public final class Requirements {

    private final PolicySettings settings;

    public Requirements(PolicySettings settings) {
        this.settings = settings;
    }

    /**
     * Why {@code model} does not meet the job's requirements, in words ("quality 60 is below premium (85)"); empty
     * when it does.
     *
     * @param costPerImage the model's estimate per image for this job; empty when its price cannot tell
     */
    public Optional<String> unmet(RoutingRequest request, CatalogModel model, Optional<BigDecimal> costPerImage) {
        if (request.quality() == RoutingRequest.QualityTier.PREMIUM && model.quality() < settings.premiumQuality()) {
            return Optional.of("quality " + model.quality() + " is below premium (" + settings.premiumQuality() + ")");
        }
        if (request.speed() == RoutingRequest.SpeedTier.FAST
                && model.latency().p50().compareTo(settings.fastLatency()) > 0) {
            return Optional.of("expected " + model.latency().p50().toMillis() + " ms is slower than fast ("
                    + settings.fastLatency().toMillis() + " ms)");
        }
        Optional<BigDecimal> limit = costLimit(request);
        if (limit.isEmpty()) {
            return Optional.empty();
        }
        if (costPerImage.isEmpty()) {
            return Optional.of("its price is unknown, so it cannot be shown to be within $"
                    + limit.get().toPlainString() + " per image");
        }
        if (costPerImage.get().compareTo(limit.get()) > 0) {
            return Optional.of("estimated $" + costPerImage.get().stripTrailingZeros().toPlainString()
                    + " per image is over " + limitName(request) + " ($" + limit.get().toPlainString() + ")");
        }
        return Optional.empty();
    }

    /** The lower of the budget tier's limit and the job's own maximum; empty when neither limits the cost. */
    Optional<BigDecimal> costLimit(RoutingRequest request) {
        Optional<BigDecimal> tier = request.budget() == null ? Optional.empty()
                : settings.budgets().limit(request.budget());
        BigDecimal own = request.maxCostPerImageUsd();
        if (own == null) {
            return tier;
        }
        return Optional.of(tier.map(limit -> limit.min(own)).orElse(own));
    }

    private String limitName(RoutingRequest request) {
        Optional<BigDecimal> tier = request.budget() == null ? Optional.empty()
                : settings.budgets().limit(request.budget());
        boolean ownIsLower = request.maxCostPerImageUsd() != null
                && tier.map(limit -> request.maxCostPerImageUsd().compareTo(limit) <= 0).orElse(true);
        return ownIsLower ? "the job's maximum"
                : "budget " + request.budget().name().toLowerCase(java.util.Locale.ROOT);
    }
}
