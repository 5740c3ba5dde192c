package io.genpipe.contracts.event;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.genpipe.contracts.json.MessageFormatException;

import java.math.BigDecimal;

/**
 * How the job asks to be routed (seed 000's requirements and forced provider, seed 001's priorities, seed 004's
 * quality presets). Every field is optional; a job without any is routed by the router's policy for its operation.
 * What the words mean in numbers (how good "premium" is, how fast "fast", how cheap "low") is the router's
 * configuration, so that the contract does not hard-code a vendor's scale.
 *
 * @param prioritize         what to prefer among the providers that qualify: the cheapest, the best, the fastest or
 *                           the least loaded; the operation's policy when absent
 * @param quality            {@code premium}: only models the catalog scores as premium quality
 * @param speed              {@code fast}: only models expected to answer fast
 * @param budget             only models whose estimated cost per image is within that tier
 * @param maxCostPerImageUsd only models whose estimated cost per image is at most this; a model whose price is
 *                           unknown is never taken for one within a limit
 * @param preset             a quality level, mapped by the catalog to models and their parameters
 * @param provider           only this provider (a catalog name, e.g. {@code fal}) may do the job
 * @param fallback           when the job names a provider, model or preset: true lets other routes serve it once
 *                           those are all tried or unavailable; false (the default) keeps it to what it named
 */
public record RoutingRequest(
        Priority prioritize,
        QualityTier quality,
        SpeedTier speed,
        BudgetTier budget,
        BigDecimal maxCostPerImageUsd,
        Preset preset,
        String provider,
        Boolean fallback) {

    public static final RoutingRequest NONE = new RoutingRequest(null, null, null, null, null, null, null, null);

    public RoutingRequest {
        if (maxCostPerImageUsd != null && maxCostPerImageUsd.signum() <= 0) {
            throw MessageFormatException.invalid("maxCostPerImageUsd",
                    "must be more than 0, was " + maxCostPerImageUsd.toPlainString());
        }
        if (provider != null) {
            Require.text(provider, "provider");
        }
    }

    public boolean fallbackAllowed() {
        return Boolean.TRUE.equals(fallback);
    }

    public enum Priority {
        @JsonProperty("cost") COST,
        @JsonProperty("quality") QUALITY,
        @JsonProperty("speed") SPEED,
        @JsonProperty("load") LOAD;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public enum QualityTier {
        @JsonProperty("standard") STANDARD,
        @JsonProperty("premium") PREMIUM
    }

    public enum SpeedTier {
        @JsonProperty("standard") STANDARD,
        @JsonProperty("fast") FAST
    }

    public enum BudgetTier {
        @JsonProperty("low") LOW,
        @JsonProperty("medium") MEDIUM,
        @JsonProperty("high") HIGH
    }

    /** Seed 004's quality presets; the catalog maps each, per operation, to models and parameters. */
    public enum Preset {
        @JsonProperty("fast") FAST,
        @JsonProperty("standard") STANDARD,
        @JsonProperty("high") HIGH,
        @JsonProperty("ultra") ULTRA;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** The preset of that wire name ({@code high}); empty for none. */
        public static java.util.Optional<Preset> fromWireName(String name) {
            return java.util.Arrays.stream(values()).filter(p -> p.wireName().equals(name)).findFirst();
        }
    }
}
