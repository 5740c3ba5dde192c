package io.genpipe.worker.dispatch;

import io.genpipe.contracts.event.AttemptDispatched;
import io.genpipe.contracts.event.AttemptFailed;
import io.genpipe.contracts.event.AttemptResult;
import io.genpipe.contracts.event.AttemptSucceeded;
import io.genpipe.contracts.event.FailureClass;
import io.genpipe.contracts.event.ImageRef;
import io.genpipe.worker.Dispatches;
import io.genpipe.worker.adapter.GenerationRequest;
import io.genpipe.worker.adapter.GenerationResult;
import io.genpipe.worker.adapter.VendorAdapter;
import io.genpipe.worker.health.ProviderCircuits;
import io.genpipe.worker.provider.ServedProvider;
import io.genpipe.worker.provider.WorkerSettings;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

class AttemptRunnerTest {

    private static final Instant NOW = Instant.parse("2026-09-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private final List<GenerationRequest> calls = new ArrayList<>();
    private GenerationResult answer = new GenerationResult.Generated(
            List.of(new ImageRef("https://v3.fal.media/files/a.png", 1024, 768, "image/png")), new BigDecimal("0.00225"));

    private final VendorAdapter adapter = request -> {
        calls.add(request);
        return CompletableFuture.completedFuture(answer);
    };

    @Test
    void reportsTheVendorsImagesAndCostAsASucceededAttempt() {
        AttemptDispatched dispatch = Dispatches.falDispatch("job-1", NOW.plusSeconds(60), NOW);

        AttemptResult result = runner(false).run(dispatch).join();

        assertThat(result).isInstanceOf(AttemptSucceeded.class);
        AttemptSucceeded succeeded = (AttemptSucceeded) result;
        assertThat(succeeded.jobId()).isEqualTo("job-1");
        assertThat(succeeded.provider()).isEqualTo("fal");
        assertThat(succeeded.images()).hasSize(1);
        assertThat(succeeded.costUsd()).isEqualByComparingTo("0.00225");
        assertThat(succeeded.occurredAt()).isEqualTo(NOW);
        assertThat(calls).singleElement().satisfies(call -> {
            assertThat(call.model()).isEqualTo("fal-ai/flux/schnell");
            assertThat(call.timeout()).isEqualTo(Duration.ofSeconds(30));
        });
    }

    @Test
    void anAttemptWhoseDeadlineHasPassedTimesOutWithoutCallingTheVendor() {
        AttemptDispatched dispatch = Dispatches.falDispatch("job-2", NOW.minusMillis(1), NOW.minusSeconds(30));

        AttemptResult result = runner(false).run(dispatch).join();

        assertThat(result).isInstanceOfSatisfying(AttemptFailed.class, failed -> {
            assertThat(failed.failureClass()).isEqualTo(FailureClass.TIMEOUT);
            assertThat(failed.reason()).isEqualTo("deadline passed before the call");
            assertThat(failed.costUsd()).isZero();
        });
        assertThat(calls).isEmpty();
    }

    @Test
    void reportsAClassifiedFailureWithWhatTheVendorBilled() {
        answer = new GenerationResult.Failed(FailureClass.CONTENT_REJECTED, "HTTP 422 content_policy_violation",
                new BigDecimal("0.003"));

        AttemptResult result = runner(false).run(Dispatches.falDispatch("job-3", null, NOW)).join();

        assertThat(result).isInstanceOfSatisfying(AttemptFailed.class, failed -> {
            assertThat(failed.failureClass()).isEqualTo(FailureClass.CONTENT_REJECTED);
            assertThat(failed.reason()).isEqualTo("HTTP 422 content_policy_violation");
            assertThat(failed.costUsd()).isEqualByComparingTo("0.003");
        });
    }

    @Test
    void anOpenCircuitFailsTheAttemptAtOnce() {
        AttemptRunner runner = runner(true);

        AttemptResult result = runner.run(Dispatches.falDispatch("job-4", null, NOW)).join();

        assertThat(result).isInstanceOfSatisfying(AttemptFailed.class, failed -> {
            assertThat(failed.failureClass()).isEqualTo(FailureClass.RETRYABLE);
            assertThat(failed.reason()).isEqualTo("circuit open");
        });
        assertThat(calls).isEmpty();
    }

    private AttemptRunner runner(boolean circuitOpen) {
        WorkerSettings.CircuitBreaker settings = new WorkerSettings.CircuitBreaker(50f, 10, 5, Duration.ofMinutes(1), 2, false);
        var circuit = new ProviderCircuits(List.of(new ServedProvider("fal", null, null)), settings, CLOCK).of("fal");
        if (circuitOpen) {
            circuit.breaker().transitionToOpenState();
        }
        return new AttemptRunner(adapter, circuit, Duration.ofSeconds(30), CLOCK);
    }
}
