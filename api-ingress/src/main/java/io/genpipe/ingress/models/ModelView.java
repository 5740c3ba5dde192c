package io.genpipe.ingress.models;

import io.genpipe.contracts.catalog.Usd;
import io.genpipe.ingress.health.HealthStatus;

import java.time.LocalDate;
import java.util.List;

/**
 * One model of the catalog as {@code GET /v1/models} shows it: what it does and accepts, what it costs, how long
 * it takes, how long it lives, whether routes use it, and whether a job can get it now.
 *
 * @param provider        the provider's name (the catalog's, e.g. {@code fal}); a model id may exist at two providers
 * @param id              the vendor's model id, as a job's {@code model} names it
 * @param operations      wire names ({@code text-to-image})
 * @param maxImages       the most {@code params.count} it takes
 * @param maxPromptLength characters; {@code null} when the vendor does not say
 * @param maxInputImages  the most {@code inputs.images} one job gives it (edits, trainings); 0 for none
 * @param mask            whether it takes {@code inputs.mask} (edits)
 * @param loras           the most {@code inputs.loras} it applies; 0 for none
 * @param quality         0 to 100, comparable across vendors
 * @param defaultJobCost  the expected cost of a default job (1024x1024, one image, a short prompt); {@code null}
 *                        when its price cannot tell in advance, never 0 for unknown
 * @param costUnknown     true exactly when {@code defaultJobCost} is {@code null}
 * @param routed          whether any route uses it: only routed models get work
 * @param routes          where it stands in each route that uses it
 */
public record ModelView(String provider, String id, List<String> operations, Sizes sizes, int maxImages,
                        boolean seed, boolean negativePrompt, Integer maxPromptLength, int maxInputImages,
                        boolean mask, int loras, int quality, Price price,
                        Usd defaultJobCost, boolean costUnknown, ExpectedTime expectedTime, LifecycleView lifecycle,
                        boolean routed, List<RoutePlace> routes, Availability availability) {

    /**
     * @param allowed what the size rule allows, in words ({@code sides of 64 to 2048 px in multiples of 8, ...})
     * @param listed  the sizes it lists: all of them for a fixed list, the presets of a rule
     */
    public record Sizes(String allowed, List<String> listed) {
    }

    /** @param description in words ({@code $0.003 per megapixel}); @param source where the price comes from */
    public record Price(String description, String source) {
    }

    /**
     * @param status {@code ACTIVE}, {@code SHUTTING_DOWN} (shuts down within {@code genpipe.catalog.shutdown-warning})
     *               or {@code SHUT_DOWN}
     */
    public record LifecycleView(Status status, LocalDate deprecatedOn, LocalDate shutdownOn, String replacement) {

        public enum Status { ACTIVE, SHUTTING_DOWN, SHUT_DOWN }
    }

    /** @param priority its place in the route, from 1; @param of how many models the route has */
    public record RoutePlace(String operation, int priority, int of) {
    }

    /**
     * @param available      true only when the model is not shut down, a route uses it and its provider is UP
     * @param reason         why not, or that it is up
     * @param providerHealth what the provider's workers say
     */
    public record Availability(boolean available, String reason, HealthStatus providerHealth) {
    }
}
