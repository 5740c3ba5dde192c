package io.genpipe.messaging.health;

import io.genpipe.contracts.event.HealthState;
import io.genpipe.contracts.event.ProviderHealth;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalInt;

import static io.genpipe.contracts.event.GenpipeEvent.SCHEMA_VERSION;
import static org.assertj.core.api.Assertions.assertThat;

class ProviderHealthViewTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    private final ProviderHealthView view = new ProviderHealthView();

    @Test
    void theBacklogIsTheSumOfWhatTheLiveInstancesReport() {
        view.record(report("fal", "w1", 3, NOW.plusSeconds(10)));
        view.record(report("fal", "w2", 4, NOW.plusSeconds(10)));
        view.record(report("fal", "w3", 50, NOW.minusSeconds(1)));
        view.record(report("openai", "w1", 9, NOW.plusSeconds(10)));

        assertThat(view.inFlight("fal", NOW)).isEqualTo(OptionalInt.of(7));
    }

    @Test
    void aProviderNoLiveInstanceCountsForHasAnUnknownBacklogNotZero() {
        view.record(report("fal", "w1", null, NOW.plusSeconds(10)));
        view.record(report("openai", "w1", 2, NOW.minus(Duration.ofMinutes(1))));

        assertThat(view.inFlight("fal", NOW)).isEmpty();
        assertThat(view.inFlight("openai", NOW)).isEmpty();
        assertThat(view.inFlight("leonardo", NOW)).isEmpty();
    }

    private static ProviderHealth report(String provider, String instance, Integer inFlight, Instant validUntil) {
        return new ProviderHealth(SCHEMA_VERSION, provider + instance, NOW.minusSeconds(1), provider, instance,
                HealthState.UP, "", validUntil, inFlight);
    }
}
