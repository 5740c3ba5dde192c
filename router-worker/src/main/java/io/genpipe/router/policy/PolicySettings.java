package io.genpipe.router.policy;

import io.genpipe.contracts.event.Operation;
import io.genpipe.contracts.event.RoutingRequest;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How the router chooses among the providers that qualify, and what a job's words mean in numbers
 * ({@code genpipe.routing.policy.*}). Vendor facts stay in the catalog: these are the operator's choices.
 *
 * @param weights        per operation (wire name), the policy for jobs that do not say what to prioritize; the
 *                       route's order ({@link Weights#PRIORITY}) when absent
 * @param premiumQuality the least catalog quality score a job asking {@code quality: premium} accepts
 * @param fastLatency    the longest expected median latency a job asking {@code speed: fast} accepts
 * @param budgets        the most a job of each budget tier accepts per image; a tier left unset has no limit
 * @param experiments    A/B splits; see {@link ExperimentSettings}
 */
@ConfigurationProperties("genpipe.routing.policy")
public record PolicySettings(
        Map<String, Weights> weights,
        @DefaultValue("85") int premiumQuality,
        @DefaultValue("3s") Duration fastLatency,
        @DefaultValue Budgets budgets,
        List<ExperimentSettings> experiments) {

    public PolicySettings {
        weights = weights == null ? Map.of() : Map.copyOf(weights);
        weights.keySet().forEach(name -> Operation.fromWireName(name).orElseThrow(() -> new IllegalArgumentException(
                "genpipe.routing.policy.weights: unknown operation '" + name + "'")));
        if (premiumQuality < 0 || premiumQuality > 100) {
            throw new IllegalArgumentException("genpipe.routing.policy.premium-quality is a score from 0 to 100");
        }
        experiments = experiments == null ? List.of() : List.copyOf(experiments);
    }

    public static PolicySettings defaults() {
        return new PolicySettings(Map.of(), 85, Duration.ofSeconds(3), Budgets.defaults(), List.of());
    }

    /** The policy for a job of {@code operation} that does not say what to prioritize. */
    public Weights weightsFor(Operation operation) {
        return weights.getOrDefault(operation.wireName(), Weights.PRIORITY);
    }

    /** The weights a job's {@code prioritize} asks for. */
    public static Weights weightsOf(RoutingRequest.Priority priority) {
        return switch (priority) {
            case COST -> Weights.COST;
            case QUALITY -> Weights.QUALITY;
            case SPEED -> Weights.SPEED;
            case LOAD -> Weights.LOAD;
        };
    }

    /**
     * @param low    at most this per image (default $0.005: fal's FLUX schnell at 1 MP, not GPT image)
     * @param medium at most this per image (default $0.04)
     * @param high   at most this per image; unset: no limit
     */
    public record Budgets(@DefaultValue("0.005") BigDecimal low, @DefaultValue("0.04") BigDecimal medium,
                          BigDecimal high) {

        public static Budgets defaults() {
            return new Budgets(new BigDecimal("0.005"), new BigDecimal("0.04"), null);
        }

        public Optional<BigDecimal> limit(RoutingRequest.BudgetTier tier) {
            return Optional.ofNullable(switch (tier) {
                case LOW -> low;
                case MEDIUM -> medium;
                case HIGH -> high;
            });
        }
    }
}
