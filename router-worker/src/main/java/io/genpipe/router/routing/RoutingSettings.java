package io.genpipe.router.routing;

import io.genpipe.contracts.topic.Topics;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where jobs go.
 *
 * @param operations      per operation (wire name, e.g. {@code text-to-image}), the providers to try, in order
 * @param maxAttempts     attempts per job across providers, unless the job asks for fewer or more
 * @param attemptDeadline how long a dispatched attempt may wait and run before the worker gives up on it,
 *                        when the job's own deadline is later or absent
 */
@ConfigurationProperties("genpipe.routing")
public record RoutingSettings(
        Map<String, List<Candidate>> operations,
        @DefaultValue("3") int maxAttempts,
        @DefaultValue("5m") Duration attemptDeadline) {

    public RoutingSettings {
        operations = operations == null ? Map.of() : Map.copyOf(operations);
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("genpipe.routing.max-attempts must be at least 1");
        }
    }

    /** One provider, and the model it should use for the operation. */
    public record Candidate(String provider, String model) {
        public Candidate {
            Topics.requireProviderName(provider);
            if (model == null || model.isBlank()) {
                throw new IllegalArgumentException("genpipe.routing: provider " + provider + " needs a model");
            }
        }
    }

    /** Every provider that some operation may route to; each needs a dispatch topic. */
    public Set<String> providers() {
        Set<String> providers = new LinkedHashSet<>();
        operations.values().forEach(candidates -> candidates.forEach(c -> providers.add(c.provider())));
        return providers;
    }
}
