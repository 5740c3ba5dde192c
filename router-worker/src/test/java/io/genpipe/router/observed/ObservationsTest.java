package io.genpipe.router.observed;

import io.genpipe.contracts.event.AttemptDispatched;
import io.genpipe.contracts.event.FailureClass;
import io.genpipe.contracts.event.ImageParams;
import io.genpipe.contracts.event.JobRequested;
import io.genpipe.contracts.event.Operation;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import static io.genpipe.contracts.event.GenpipeEvent.SCHEMA_VERSION;
import static org.assertj.core.api.Assertions.assertThat;

class ObservationsTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final AttemptDispatched DISPATCH = new AttemptDispatched(SCHEMA_VERSION, "d-1", "j-1", NOW, 1,
            "fal", "flux", "test", null, new JobRequested(SCHEMA_VERSION, "e-1", "j-1", NOW, "acme", null,
            Operation.TEXT_TO_IMAGE, "a lighthouse", ImageParams.defaults(), null, null, null, null), List.of(), null,
            List.of(), null, null);

    private final Observations observations = new Observations();

    @Test
    void nothingIsClaimedBeforeEnoughResultsAreIn() {
        for (int i = 1; i < Observations.MIN_SAMPLES; i++) {
            observations.record(DISPATCH.succeeded(List.of(), BigDecimal.ONE, 1000, NOW));
        }

        assertThat(observations.of("fal", "flux")).isEmpty();
    }

    @Test
    void successesMoveTheLatencyAndFailuresOfTheProviderLowerTheSuccessRate() {
        for (int i = 0; i < 10; i++) {
            observations.record(DISPATCH.succeeded(List.of(), BigDecimal.ONE, 1000, NOW));
        }
        observations.record(DISPATCH.succeeded(List.of(), BigDecimal.ONE, 6000, NOW));
        observations.record(DISPATCH.failed(FailureClass.TIMEOUT, "no answer", null, 120_000, NOW));
        observations.record(DISPATCH.failed(FailureClass.CONTENT_REJECTED, "the job's fault", null, 10, NOW));
        observations.record(DISPATCH.failed(FailureClass.INTERNAL_ERROR, "a worker's bug", BigDecimal.ZERO, 10, NOW));

        Observations.Observed observed = observations.of("fal", "flux").orElseThrow();

        assertThat(observed.latencyMs()).isEqualTo(2000.0); // 1000 + 0.2 * 5000; the timeout says nothing of latency
        assertThat(observed.successRate()).isEqualTo(0.8, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(observed.samples()).isEqualTo(12); // the content rejection is not counted
        assertThat(observations.of("fal", "other")).isEmpty();
    }
}
