package io.genpipe.router.health;

import io.genpipe.catalog.CatalogFiles;
import io.genpipe.catalog.LiveCatalog;
import io.genpipe.contracts.event.HealthState;
import io.genpipe.contracts.event.Operation;
import io.genpipe.contracts.event.ProviderHealth;
import io.genpipe.contracts.event.SystemHealthReported;
import io.genpipe.contracts.event.SystemHealthReported.Level;
import io.genpipe.messaging.health.ProviderHealthView;
import io.genpipe.messaging.settings.ProviderSettingsView;
import io.genpipe.router.cooldown.CooldownView;
import io.genpipe.router.routing.Availability;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static io.genpipe.contracts.event.GenpipeEvent.SCHEMA_VERSION;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seed 000's levels on the shipped catalog (text-to-image and image-edit: fal, then openai; model-training: fal, then
 * replicate).
 */
class SystemHealthAssessorTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    private final ProviderHealthView health = new ProviderHealthView();
    private final SystemHealthAssessor assessor = new SystemHealthAssessor(new LiveCatalog(CatalogFiles.defaults()),
            new Availability(new ProviderSettingsView(), health, new CooldownView()));

    @Test
    void everyProviderUpIsHealthy() {
        report("fal", HealthState.UP);
        report("openai", HealthState.UP);
        report("replicate", HealthState.UP);

        SystemHealthReported report = assessor.assess("r-1", NOW, Duration.ofSeconds(15));

        assertThat(report.level()).isEqualTo(Level.HEALTHY);
        assertThat(report.validUntil()).isEqualTo(NOW.plusSeconds(15));
        assertThat(report.operations()).hasSize(3).first().satisfies(operation -> {
            assertThat(operation.operation()).isEqualTo(Operation.TEXT_TO_IMAGE);
            assertThat(operation.available()).containsExactly("fal", "openai");
        });
    }

    @Test
    void aSecondRouteWithoutItsSecondProviderIsDegraded() {
        report("fal", HealthState.UP);
        report("openai", HealthState.UP);

        SystemHealthReported report = assessor.assess("r-1", NOW, Duration.ofSeconds(15));

        assertThat(report.level()).isEqualTo(Level.DEGRADED);
        assertThat(report.operations().get(2).operation()).isEqualTo(Operation.MODEL_TRAINING);
        assertThat(report.operations().get(2).unavailable()).singleElement().asString()
                .startsWith("replicate is unknown");
    }

    @Test
    void oneProviderDownIsDegradedAndSaysWhich() {
        report("fal", HealthState.DOWN);
        report("openai", HealthState.UP);
        report("replicate", HealthState.UP);

        SystemHealthReported report = assessor.assess("r-1", NOW, Duration.ofSeconds(15));

        assertThat(report.level()).isEqualTo(Level.DEGRADED);
        assertThat(report.operations().get(0).unavailable()).singleElement().asString().startsWith("fal is down");
    }

    @Test
    void noProviderAvailableForAnOperationIsCriticalAndSilenceCountsAsNone() {
        report("fal", HealthState.DOWN);

        SystemHealthReported report = assessor.assess("r-1", NOW, Duration.ofSeconds(15));

        assertThat(report.level()).isEqualTo(Level.CRITICAL);
        assertThat(report.operations().get(0).unavailable()).hasSize(2)
                .anySatisfy(why -> assertThat(why).startsWith("openai is unknown"));
    }

    private void report(String provider, HealthState state) {
        health.record(new ProviderHealth(SCHEMA_VERSION, "h-" + provider, NOW.minusSeconds(1), provider, "w1", state,
                "circuit " + state, NOW.plusSeconds(10)));
    }
}
