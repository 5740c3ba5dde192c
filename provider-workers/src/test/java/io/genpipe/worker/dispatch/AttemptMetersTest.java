package io.genpipe.worker.dispatch;

import io.genpipe.contracts.event.AttemptDispatched;
import io.genpipe.contracts.event.FailureClass;
import io.genpipe.contracts.event.ImageParams;
import io.genpipe.contracts.event.VendorCall;
import io.genpipe.worker.Dispatches;
import io.genpipe.worker.TestCatalog;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AttemptMetersTest {

    private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AttemptMeters meters = new AttemptMeters(registry, TestCatalog.provider("fal"));

    @Test
    void attemptsAreCountedByModelOutcomeAndClassAndTheirKnownCostAdded() {
        AttemptDispatched dispatch = Dispatches.falDispatch("job-1", null, NOW);
        meters.reported(dispatch.succeeded(List.of(), new BigDecimal("0.003"), 900, NOW));
        meters.reported(dispatch.succeeded(List.of(), new BigDecimal("0.003"), 1_100, NOW));
        meters.reported(dispatch.failed(FailureClass.RATE_LIMITED, "HTTP 429", BigDecimal.ZERO, 50, NOW));
        meters.reported(dispatch.failed(FailureClass.RETRYABLE, "unpriced", null, 50, NOW));

        assertThat(registry.get("genpipe.worker.attempts").tags("provider", "fal", "model", dispatch.model(),
                "outcome", "succeeded", "failure_class", "none").counter().count()).isEqualTo(2);
        assertThat(registry.get("genpipe.worker.attempts").tags("outcome", "failed", "failure_class", "RATE_LIMITED")
                .counter().count()).isEqualTo(1);
        assertThat(registry.get("genpipe.worker.cost").tags("model", dispatch.model()).counter().count())
                .as("0.003 twice and 0; the unpriced failure adds nothing, it is not $0").isEqualTo(0.006);
        assertThat(registry.get("genpipe.worker.attempts.duration").tags("outcome", "succeeded").timer().count())
                .isEqualTo(2);
    }

    @Test
    void aModelATrainingMadeIsOneSeriesNotOnePerModel() {
        for (String trained : List.of("a1b2c3", "d4e5f6")) {
            AttemptDispatched dispatch = Dispatches.dispatch("job-" + trained, "fal", trained, "a hat",
                    ImageParams.defaults(), null, NOW);
            meters.reported(dispatch.succeeded(List.of(), new BigDecimal("0.01"), 900, NOW));
        }

        assertThat(registry.get("genpipe.worker.attempts").tags("model", "trained").counter().count()).isEqualTo(2);
        assertThat(registry.find("genpipe.worker.attempts").tags("model", "a1b2c3").counter()).isNull();
    }

    @Test
    void vendorCallsAreCountedByWhatBecameOfThem() {
        AttemptDispatched dispatch = Dispatches.falDispatch("job-1", null, NOW);
        meters.reported(dispatch.succeeded(List.of(), new BigDecimal("0.003"), 900, NOW).withCalls(List.of(
                call("job-1/1/0", VendorCall.Outcome.LOST), call("job-1/1/1", VendorCall.Outcome.RETRIED),
                call("job-1/1/2", VendorCall.Outcome.ANSWERED))));

        for (String outcome : List.of("lost", "retried", "answered")) {
            assertThat(registry.get("genpipe.worker.vendor-calls").tags("provider", "fal", "outcome", outcome)
                    .counter().count()).as(outcome).isEqualTo(1);
        }
        assertThat(registry.find("genpipe.worker.vendor-calls").tags("outcome", "unanswered").counter()).isNull();
    }

    private static VendorCall call(String id, VendorCall.Outcome outcome) {
        return new VendorCall(id, 0, null, "w1", NOW, outcome, null);
    }
}
