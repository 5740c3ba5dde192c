package io.genpipe.messaging.health;

import io.genpipe.contracts.event.FailureClass;
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

    @Test
    void theHeadroomIsTheSumOfWhatTheLiveInstancesSayAndUnknownWhenNoneDoes() {
        view.record(withHeadroom("w1", 0, NOW.plusSeconds(10)));
        view.record(withHeadroom("w2", 4, NOW.plusSeconds(10)));
        view.record(withHeadroom("w3", 50, NOW.minusSeconds(1)));
        view.record(report("openai", "w1", 2, NOW.plusSeconds(10)));

        assertThat(view.headroom("fal", NOW)).isEqualTo(OptionalInt.of(4));
        assertThat(view.headroom("openai", NOW)).as("no limits known").isEmpty();
    }

    private static ProviderHealth withHeadroom(String instance, int headroom, Instant validUntil) {
        return new ProviderHealth(SCHEMA_VERSION, "fal" + instance, NOW.minusSeconds(1), "fal", instance,
                HealthState.UP, "", validUntil, 1, headroom, 0, null, null, null, null, null);
    }

    @Test
    void aDownProviderSaysWhatFailedLastAndWhenTheFirstInstanceTriesItAgain() {
        view.record(down("w1", FailureClass.RETRYABLE, NOW.plusSeconds(40)));
        view.record(down("w2", FailureClass.CREDIT_EXHAUSTED, NOW.plusSeconds(8)));

        ProviderHealthView.ProviderStatus status = view.status("fal", NOW);

        assertThat(status.isDown()).isTrue();
        assertThat(status.reason()).isEqualTo("circuit open: failure rate 100% over 5 calls (last CREDIT_EXHAUSTED);"
                + " trial call from 2026-12-01T10:00:08Z");
    }

    @Test
    void aDownReportWithoutFiguresKeepsItsOwnWords() {
        view.record(new ProviderHealth(SCHEMA_VERSION, "e1", NOW, "fal", "w1", HealthState.DOWN,
                "no API key in FAL_KEY", NOW.plusSeconds(10)));

        assertThat(view.status("fal", NOW).reason()).isEqualTo("no API key in FAL_KEY");
    }

    private static ProviderHealth down(String instance, FailureClass failure, Instant cooldownUntil) {
        return new ProviderHealth(SCHEMA_VERSION, "fal" + instance, NOW.minusSeconds(1), "fal", instance,
                HealthState.DOWN, "circuit open: failure rate 100% over 5 calls", NOW.plusSeconds(10), 0, null, 5,
                1.0, null, null, failure, cooldownUntil);
    }

    private static ProviderHealth report(String provider, String instance, Integer inFlight, Instant validUntil) {
        return new ProviderHealth(SCHEMA_VERSION, provider + instance, NOW.minusSeconds(1), provider, instance,
                HealthState.UP, "", validUntil, inFlight);
    }
}
