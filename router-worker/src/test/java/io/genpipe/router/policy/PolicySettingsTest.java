package io.genpipe.router.policy;

import io.genpipe.contracts.event.Operation;
import io.genpipe.contracts.event.RoutingRequest.BudgetTier;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.math.BigDecimal;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The settings as Spring binds them from configuration keys, the way an operator writes them. */
class PolicySettingsTest {

    @Test
    void weightsNotWrittenAreZeroAndTheDefaultsHoldWhereNothingIsSaid() {
        PolicySettings settings = bind(Map.of(
                "genpipe.routing.policy.weights.text-to-image.cost", "0.7",
                "genpipe.routing.policy.weights.text-to-image.speed", "0.3",
                "genpipe.routing.policy.experiments[0].id", "fal-vs-openai",
                "genpipe.routing.policy.experiments[0].operation", "text-to-image",
                "genpipe.routing.policy.experiments[0].arms[0].name", "fal",
                "genpipe.routing.policy.experiments[0].arms[0].provider", "fal",
                "genpipe.routing.policy.experiments[0].arms[1].name", "control"));

        assertThat(settings.weightsFor(Operation.TEXT_TO_IMAGE)).isEqualTo(new Weights(0, 0.7, 0, 0.3, 0, 0));
        assertThat(settings.weightsFor(Operation.TEXT_TO_IMAGE).describe()).isEqualTo("weighted cost 0.7 speed 0.3");
        assertThat(settings.premiumQuality()).isEqualTo(85);
        assertThat(settings.budgets().limit(BudgetTier.MEDIUM)).contains(new BigDecimal("0.04"));
        assertThat(settings.budgets().limit(BudgetTier.HIGH)).isEmpty();
        ExperimentSettings experiment = settings.experiments().get(0);
        assertThat(experiment.enabled()).isTrue();
        assertThat(experiment.arms()).extracting(ExperimentSettings.Arm::weight).containsExactly(1.0, 1.0);
        assertThat(experiment.arms().get(1).isControl()).isTrue();
    }

    @Test
    void anExperimentWithOneArmIsRefusedNamingIt() {
        assertThatThrownBy(() -> bind(Map.of(
                "genpipe.routing.policy.experiments[0].id", "lonely",
                "genpipe.routing.policy.experiments[0].operation", "text-to-image",
                "genpipe.routing.policy.experiments[0].arms[0].name", "only")))
                .rootCause().hasMessageContaining("experiments[lonely].arms: an experiment needs at least two arms");
    }

    private static PolicySettings bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("genpipe.routing.policy", PolicySettings.class);
    }
}
