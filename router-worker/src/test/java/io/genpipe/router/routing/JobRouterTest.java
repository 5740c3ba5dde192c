package io.genpipe.router.routing;

import io.genpipe.contracts.event.AttemptDispatched;
import io.genpipe.contracts.event.FailureClass;
import io.genpipe.contracts.event.HealthState;
import io.genpipe.contracts.event.ImageParams;
import io.genpipe.contracts.event.ImageRef;
import io.genpipe.contracts.event.JobFailed;
import io.genpipe.contracts.event.JobRequested;
import io.genpipe.contracts.event.JobSucceeded;
import io.genpipe.contracts.event.Operation;
import io.genpipe.contracts.event.ProviderHealth;
import io.genpipe.router.health.ProviderHealthView;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.genpipe.contracts.event.GenpipeEvent.SCHEMA_VERSION;
import static org.assertj.core.api.Assertions.assertThat;

class JobRouterTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    private final ProviderHealthView health = new ProviderHealthView();
    private final RoutingSettings settings = new RoutingSettings(Map.of("text-to-image", List.of(
            new RoutingSettings.Candidate("fal", "fal-ai/flux/schnell"),
            new RoutingSettings.Candidate("openai", "gpt-image-1"),
            new RoutingSettings.Candidate("openai-eu", "gpt-image-1"))), 3, Duration.ofMinutes(5));
    private final JobRouter router = new JobRouter(new RoutePlanner(settings, health), settings);

    @Test
    void aNewJobGoesToTheFirstProviderInPriorityOrder() {
        AttemptDispatched attempt = dispatched(router.route(job(null, null), NOW));

        assertThat(attempt.provider()).isEqualTo("fal");
        assertThat(attempt.model()).isEqualTo("fal-ai/flux/schnell");
        assertThat(attempt.attempt()).isEqualTo(1);
        assertThat(attempt.previousAttempts()).isEmpty();
        assertThat(attempt.deadline()).isEqualTo(NOW.plus(Duration.ofMinutes(5)));
        assertThat(attempt.reason()).contains("priority 1 of 3");
    }

    @Test
    void aProviderReportedDownIsSkipped() {
        health.record(report("fal", "w1", HealthState.DOWN, NOW.plusSeconds(10)));

        AttemptDispatched attempt = dispatched(router.route(job(null, null), NOW));

        assertThat(attempt.provider()).isEqualTo("openai");
        assertThat(attempt.reason()).contains("fal is down");
    }

    @Test
    void aDownReportThatExpiredNoLongerCounts() {
        health.record(report("fal", "w1", HealthState.DOWN, NOW.minusSeconds(1)));

        assertThat(dispatched(router.route(job(null, null), NOW)).provider()).isEqualTo("fal");
    }

    @Test
    void aProviderIsAvailableWhileAnyInstanceSeesItUp() {
        health.record(report("fal", "w1", HealthState.DOWN, NOW.plusSeconds(10)));
        health.record(report("fal", "w2", HealthState.PROBING, NOW.plusSeconds(10)));

        assertThat(dispatched(router.route(job(null, null), NOW)).provider()).isEqualTo("fal");
    }

    @Test
    void aRetryableFailureGoesToTheNextUntriedProvider() {
        AttemptDispatched first = dispatched(router.route(job(null, null), NOW));

        AttemptDispatched second = dispatched(router.reroute(
                first.failed(FailureClass.RETRYABLE, "HTTP 503", BigDecimal.ZERO, 300, NOW), NOW));

        assertThat(second.provider()).isEqualTo("openai");
        assertThat(second.attempt()).isEqualTo(2);
        assertThat(second.previousAttempts()).extracting("provider", "failureClass")
                .containsExactly(org.assertj.core.groups.Tuple.tuple("fal", FailureClass.RETRYABLE));
        assertThat(second.reason()).contains("fal already tried");
    }

    @Test
    void contentRejectedEndsTheJobWithoutAskingAnotherProvider() {
        AttemptDispatched first = dispatched(router.route(job(null, null), NOW));

        JobFailed failed = (JobFailed) finished(router.reroute(
                first.failed(FailureClass.CONTENT_REJECTED, "content_policy_violation", BigDecimal.ZERO, 900, NOW), NOW));

        assertThat(failed.failureClass()).isEqualTo(FailureClass.CONTENT_REJECTED);
        assertThat(failed.attempts()).hasSize(1);
    }

    @Test
    void theJobFailsWhenAttemptsRunOut() {
        AttemptDispatched first = dispatched(router.route(job(null, 1), NOW));

        JobFailed failed = (JobFailed) finished(router.reroute(
                first.failed(FailureClass.TIMEOUT, "no answer", BigDecimal.ZERO, 120_000, NOW), NOW));

        assertThat(failed.reason()).contains("all 1 attempts failed");
        assertThat(failed.failureClass()).isEqualTo(FailureClass.TIMEOUT);
    }

    @Test
    void theJobFailsWhenNoUntriedProviderIsLeft() {
        health.record(report("openai-eu", "w1", HealthState.DOWN, NOW.plusSeconds(10)));
        AttemptDispatched first = dispatched(router.route(job(null, null), NOW));
        AttemptDispatched second = dispatched(router.reroute(
                first.failed(FailureClass.RATE_LIMITED, "429", BigDecimal.ZERO, 10, NOW), NOW));

        JobFailed failed = (JobFailed) finished(router.reroute(
                second.failed(FailureClass.CREDIT_EXHAUSTED, "insufficient_quota", BigDecimal.ZERO, 10, NOW), NOW));

        assertThat(failed.reason()).contains("no provider left").contains("openai-eu is down");
        assertThat(failed.attempts()).extracting("provider").containsExactly("fal", "openai");
    }

    @Test
    void noAttemptStartsAfterTheDeadline() {
        JobFailed failed = (JobFailed) finished(router.route(job(NOW.minusSeconds(1), null), NOW));

        assertThat(failed.failureClass()).isEqualTo(FailureClass.TIMEOUT);
        assertThat(failed.attempts()).isEmpty();
    }

    @Test
    void anAttemptNeverOutlivesTheJobsDeadline() {
        Instant deadline = NOW.plusSeconds(30);

        assertThat(dispatched(router.route(job(deadline, null), NOW)).deadline()).isEqualTo(deadline);
    }

    @Test
    void successEndsTheJobWithEveryAttemptAndItsCost() {
        AttemptDispatched first = dispatched(router.route(job(null, null), NOW));
        AttemptDispatched second = dispatched(router.reroute(
                first.failed(FailureClass.RETRYABLE, "HTTP 500", new BigDecimal("0.001"), 300, NOW), NOW));
        ImageRef image = new ImageRef("file:/images/j-1/2-0.png", 1024, 1024, "image/png");

        JobSucceeded succeeded = (JobSucceeded) finished(router.reroute(
                second.succeeded(List.of(image), new BigDecimal("0.011"), 8000, NOW.plusSeconds(9)), NOW.plusSeconds(9)));

        assertThat(succeeded.provider()).isEqualTo("openai");
        assertThat(succeeded.images()).containsExactly(image);
        assertThat(succeeded.attempts()).hasSize(2);
        assertThat(succeeded.totalCostUsd()).isEqualByComparingTo("0.012");
        assertThat(succeeded.requestedAt()).isEqualTo(NOW);
        assertThat(succeeded.batchId()).isEqualTo("batch-1");
    }

    @Test
    void anOperationWithoutProvidersFailsAtOnce() {
        RoutingSettings none = new RoutingSettings(Map.of(), 3, Duration.ofMinutes(5));
        JobRouter unconfigured = new JobRouter(new RoutePlanner(none, health), none);

        JobFailed failed = (JobFailed) finished(unconfigured.route(job(null, null), NOW));

        assertThat(failed.reason()).contains("no provider is configured for text-to-image");
    }

    private static JobRequested job(Instant deadline, Integer maxAttempts) {
        return new JobRequested(SCHEMA_VERSION, "e-1", "j-1", NOW, "acme", "batch-1", Operation.TEXT_TO_IMAGE,
                "a portrait", ImageParams.defaults(), deadline, maxAttempts, null);
    }

    private static ProviderHealth report(String provider, String instance, HealthState state, Instant validUntil) {
        return new ProviderHealth(SCHEMA_VERSION, "h-" + instance, NOW.minusSeconds(1), provider, instance, state,
                "circuit " + state, validUntil);
    }

    private static AttemptDispatched dispatched(Decision decision) {
        assertThat(decision).isInstanceOf(Decision.Dispatch.class);
        return ((Decision.Dispatch) decision).attempt();
    }

    private static Object finished(Decision decision) {
        assertThat(decision).isInstanceOf(Decision.Finish.class);
        return ((Decision.Finish) decision).outcome();
    }
}
