package io.genpipe.router.routing;

import io.genpipe.catalog.CatalogFiles;
import io.genpipe.catalog.LiveCatalog;
import io.genpipe.contracts.catalog.Catalog;
import io.genpipe.contracts.event.AttemptDispatched;
import io.genpipe.contracts.event.BudgetPeriod;
import io.genpipe.contracts.event.FailureClass;
import io.genpipe.contracts.event.HealthState;
import io.genpipe.contracts.event.ImageParams;
import io.genpipe.contracts.event.ImageRef;
import io.genpipe.contracts.event.JobFailed;
import io.genpipe.contracts.event.JobRequested;
import io.genpipe.contracts.event.JobSucceeded;
import io.genpipe.contracts.event.ModelLifecycleReported;
import io.genpipe.contracts.event.Operation;
import io.genpipe.contracts.event.ProviderHealth;
import io.genpipe.contracts.event.ProviderSettings;
import io.genpipe.contracts.event.SpendScope;
import io.genpipe.contracts.event.SpendSnapshot;
import io.genpipe.messaging.health.ProviderHealthView;
import io.genpipe.messaging.settings.ProviderSettingsView;
import io.genpipe.messaging.spend.SpendView;
import io.genpipe.router.budget.TenantBudgets;
import io.genpipe.router.cooldown.CooldownView;
import io.genpipe.router.observed.Observations;
import io.genpipe.router.policy.PolicySettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import static io.genpipe.contracts.event.GenpipeEvent.SCHEMA_VERSION;
import static org.assertj.core.api.Assertions.assertThat;

class JobRouterTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    /** Three providers on one route, and a shut-down model first in it. */
    static final Catalog CATALOG = CatalogFiles.fromYaml("""
            genpipe.catalog:
              routes:
                text-to-image:
                  - {provider: openai, model: gpt-image-1.5}
                  - {provider: fal, model: "fal-ai/flux/schnell"}
                  - {provider: openai, model: gpt-image-2}
                  - {provider: openai-eu, model: gpt-image-2}
              providers:
                fal:
                  adapter: fal
                  base-url: https://queue.fal.run
                  api-key-env: FAL_KEY
                  models:
                    "[fal-ai/flux/schnell]":
                      operations: [text-to-image]
                      sizes: {multiple-of: 8, min-side: 64, largest: 2048x2048, max-aspect: 4}
                      max-images: 4
                      seed: true
                      latency-p50: 2s
                      quality: 60
                      pricing: {per-megapixel: 0.003}
                openai: &openai
                  adapter: openai
                  base-url: https://api.openai.com/v1
                  api-key-env: OPENAI_API_KEY
                  models:
                    gpt-image-2:
                      operations: [text-to-image]
                      sizes: {multiple-of: 16, min-side: 16, largest: 3840x2160, max-aspect: 3}
                      max-images: 10
                      latency-p50: 8s
                      quality: 85
                      pricing: {per-image: {any: 0.01}}
                    "[gpt-image-2.6-flare]":
                      operations: [text-to-image]
                      sizes: {multiple-of: 16, min-side: 16, largest: 3840x2160, max-aspect: 3}
                      latency-p50: 8s
                      quality: 88
                      pricing: {per-image: {any: 0.01}}
                    "[gpt-image-1.5]":
                      operations: [text-to-image]
                      sizes: {list: [1024x1024]}
                      latency-p50: 8s
                      quality: 80
                      pricing: {per-image: {any: 0.01}}
                      shutdown-on: 2026-12-01
                      replacement: gpt-image-2.6-sunburst
                openai-eu: *openai
            """);

    private final LiveCatalog catalog = new LiveCatalog(CATALOG);
    private final ProviderHealthView health = new ProviderHealthView();
    private final RoutingSettings settings = RoutingSettings.defaults();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final CooldownView cooldowns = new CooldownView();
    private final ProviderSettingsView settingsView = new ProviderSettingsView();
    private final SpendView spend = new SpendView();
    private final JobRouter router = new JobRouter(new RoutePlanner(catalog,
            new Availability(settingsView, health, cooldowns, new Observations(), spend), PolicySettings.defaults(),
            TenantBudgets.none(), meters), settings);

    /** A live worker reports every provider UP, a little before the reports a test adds (those replace these). */
    @BeforeEach
    void everyProviderHasALiveWorker() {
        for (String provider : List.of("fal", "openai", "openai-eu")) {
            health.record(new ProviderHealth(SCHEMA_VERSION, "h-up", NOW.minusSeconds(2), provider, "w1",
                    HealthState.UP, "ok", NOW.plusSeconds(10)));
        }
    }

    @Test
    void aNewJobGoesToTheFirstProviderInPriorityOrder() {
        AttemptDispatched attempt = dispatched(router.route(job(null, null), NOW));

        assertThat(attempt.provider()).isEqualTo("fal");
        assertThat(attempt.model()).isEqualTo("fal-ai/flux/schnell");
        assertThat(attempt.attempt()).isEqualTo(1);
        assertThat(attempt.previousAttempts()).isEmpty();
        assertThat(attempt.deadline()).isEqualTo(NOW.plus(Duration.ofMinutes(5)));
        assertThat(attempt.reason()).contains("priority 2 of 4")
                .contains("openai: gpt-image-1.5 model shut down on 2026-12-01; replacement gpt-image-2.6-sunburst");
        assertThat(attempt.params()).isEqualTo(ImageParams.defaults());
        assertThat(attempt.adjustments()).isEmpty();
    }

    @Test
    void aProviderWhoseBudgetTheSinkSawSpentIsPassedOverWithItsFiguresAndOneWithBudgetLeftIsNot() {
        LocalDate today = LocalDate.ofInstant(NOW, ZoneOffset.UTC);
        spend.record(SpendSnapshot.of(SpendScope.PROVIDER, "fal", BudgetPeriod.MONTH, BudgetPeriod.MONTH.startOf(today),
                new BigDecimal("49.99"), 0, new BigDecimal("50"), NOW));
        assertThat(dispatched(router.route(job(null, null), NOW)).provider()).as("a cent left").isEqualTo("fal");

        spend.record(SpendSnapshot.of(SpendScope.PROVIDER, "fal", BudgetPeriod.DAY, today, new BigDecimal("5.20"), 0,
                new BigDecimal("5"), NOW));
        AttemptDispatched attempt = dispatched(router.route(job(null, null), NOW));

        assertThat(attempt.provider()).isEqualTo("openai");
        assertThat(attempt.route().skipped()).anySatisfy(skip -> {
            assertThat(skip.provider()).isEqualTo("fal");
            assertThat(skip.cause()).isEqualTo("over-budget");
            assertThat(skip.reason()).isEqualTo("fal's budget of $5 for the day of " + today + " is spent: $5.2 billed");
        });
    }

    @Test
    void aReplayedJobOrAttemptYieldsTheSameDecisionWithTheSameEventId() {
        AttemptDispatched first = dispatched(router.route(job(null, null), NOW));
        AttemptDispatched again = dispatched(router.route(job(null, null), NOW.plusSeconds(1)));
        var failed = first.failed(FailureClass.RETRYABLE, "HTTP 503", BigDecimal.ZERO, 300, NOW);

        AttemptDispatched second = dispatched(router.reroute(failed, NOW));
        AttemptDispatched secondAgain = dispatched(router.reroute(failed, NOW.plusSeconds(1)));

        assertThat(again.eventId()).isEqualTo(first.eventId()).isEqualTo("j-1/e-1/attempt-1");
        assertThat(secondAgain.eventId()).isEqualTo(second.eventId()).isEqualTo("j-1/e-1/attempt-2");
        JobSucceeded succeeded = (JobSucceeded) finished(router.reroute(
                second.succeeded(List.of(), BigDecimal.ONE, 10, NOW), NOW));
        assertThat(succeeded.eventId()).isEqualTo("j-1/e-1/outcome");
    }

    @Test
    void aModelThatCannotTakeTheSizeIsSkippedWithWhatItAllows() {
        JobFailed failed = (JobFailed) finished(router.route(job(new ImageParams(4096, 4096, 1, null, null)), NOW));

        assertThat(failed.reason()).contains("fal: fal-ai/flux/schnell allows at most 2048x2048, asked 4096x4096")
                .contains("openai: gpt-image-2 allows at most 3840x2160, asked 4096x4096");
        assertThat(failed.attempts()).isEmpty();
        assertThat(meters.counter("genpipe.router.candidates.skipped", "provider", "fal", "cause", "incapable").count())
                .isEqualTo(1);
    }

    @Test
    void aSizeTheModelTakesOnlyRoundedIsSentRoundedAndSaysSo() {
        health.record(report("fal", "w1", HealthState.DOWN, NOW.plusSeconds(10)));

        AttemptDispatched attempt = dispatched(router.route(job(new ImageParams(1000, 1000, 1, null, null)), NOW));

        assertThat(attempt.model()).isEqualTo("gpt-image-2");
        assertThat(attempt.params().width()).isEqualTo(1008);
        assertThat(attempt.params().height()).isEqualTo(1008);
        assertThat(attempt.adjustments()).singleElement().asString().startsWith("size 1000x1000 sent as 1008x1008");
        assertThat(attempt.job().params().width()).isEqualTo(1000);
    }

    @Test
    void aModelWithoutSeedsIsNotAskedForASeededJobWhichWaitsForTheOneThatTakesThem() {
        health.record(report("fal", "w1", HealthState.DOWN, NOW.plusSeconds(10)));

        Decision.Wait wait = waits(router.route(job(new ImageParams(1024, 1024, 1, 7L, null)), NOW));

        assertThat(wait.reason()).contains("fal is down").contains("openai: gpt-image-2 does not take a seed");
    }

    @Test
    void aJobNoModelCanDoAsAskedFailsAtOnceRatherThanWait() {
        health.record(report("fal", "w1", HealthState.DOWN, NOW.plusSeconds(10)));

        JobFailed failed = (JobFailed) finished(router.route(job(new ImageParams(8192, 8192, 1, 7L, null)), NOW));

        assertThat(failed.reason()).startsWith("no provider left for text-to-image")
                .contains("fal: fal-ai/flux/schnell allows at most 2048x2048, asked 8192x8192");
    }

    @Test
    void aJobThatNamesAModelOnlyGoesToThatModel() {
        JobRequested job = new JobRequested(SCHEMA_VERSION, "e-1", "j-1", NOW, "acme", null, Operation.TEXT_TO_IMAGE,
                "a portrait", null, null, null, "gpt-image-2", null);

        AttemptDispatched attempt = dispatched(router.route(job, NOW));

        assertThat(attempt.provider()).isEqualTo("openai");
        assertThat(attempt.model()).isEqualTo("gpt-image-2");
    }

    @Test
    void aJobCanNameAModelNoRouteUsesYet() {
        JobRequested job = new JobRequested(SCHEMA_VERSION, "e-1", "j-1", NOW, "acme", null, Operation.TEXT_TO_IMAGE,
                "a portrait", null, null, null, "gpt-image-2.6-flare", null);
        AttemptDispatched first = dispatched(router.route(job, NOW));

        AttemptDispatched second = dispatched(router.reroute(
                first.failed(FailureClass.RETRYABLE, "HTTP 503", BigDecimal.ZERO, 300, NOW), NOW));

        assertThat(first.provider()).isEqualTo("openai");
        assertThat(second.provider()).isEqualTo("openai-eu");
        assertThat(second.model()).isEqualTo("gpt-image-2.6-flare");
    }

    @Test
    void aJobThatNamesAShutDownModelFailsWithItsReplacement() {
        JobRequested job = new JobRequested(SCHEMA_VERSION, "e-1", "j-1", NOW, "acme", null, Operation.TEXT_TO_IMAGE,
                "a portrait", null, null, null, "gpt-image-1.5", null);

        JobFailed failed = (JobFailed) finished(router.route(job, NOW));

        assertThat(failed.reason()).contains("model shut down on 2026-12-01; replacement gpt-image-2.6-sunburst");
    }

    @Test
    void aProviderReportedDownIsSkipped() {
        health.record(report("fal", "w1", HealthState.DOWN, NOW.plusSeconds(10)));

        AttemptDispatched attempt = dispatched(router.route(job(null, null), NOW));

        assertThat(attempt.provider()).isEqualTo("openai");
        assertThat(attempt.reason()).contains("fal is down");
    }

    @Test
    void aProviderWhoseReportsExpiredIsUnknownAndGetsNoWork() {
        health.record(report("fal", "w1", HealthState.UP, NOW.minusSeconds(1)));

        AttemptDispatched attempt = dispatched(router.route(job(null, null), NOW));

        assertThat(attempt.provider()).isEqualTo("openai");
        assertThat(attempt.reason()).contains("fal is unknown (no live worker reports on it)");
        assertThat(meters.counter("genpipe.router.candidates.skipped", "provider", "fal", "cause", "unknown").count())
                .isEqualTo(1);
    }

    @Test
    void withNoLiveWorkerAnywhereTheJobWaitsAtMostMaxWait() {
        for (String provider : List.of("fal", "openai", "openai-eu")) {
            health.forget(provider + "/w1");
        }

        Decision.Wait wait = waits(router.route(job(null, null), NOW));

        assertThat(wait.until()).isEqualTo(NOW.plus(settings.maxWait()));
        assertThat(wait.reason()).startsWith("no provider available for text-to-image")
                .contains("fal is unknown").contains("openai is unknown").contains("openai-eu is unknown");
    }

    @Test
    void aJobWithADeadlineWaitsUntilItsDeadline() {
        health.record(report("fal", "w1", HealthState.DOWN, NOW.plusSeconds(10)));
        health.record(report("openai", "w1", HealthState.DOWN, NOW.plusSeconds(10)));
        health.record(report("openai-eu", "w1", HealthState.DOWN, NOW.plusSeconds(10)));
        Instant deadline = NOW.plusSeconds(90);

        assertThat(waits(router.route(job(deadline, null), NOW)).until()).isEqualTo(deadline);
        assertThat(router.canRoute(job(deadline, null), List.of(), NOW)).isFalse();
        health.record(report("openai-eu", "w1", HealthState.UP, NOW.plusSeconds(10)));
        assertThat(router.canRoute(job(deadline, null), List.of(), NOW)).isTrue();
        assertThat(dispatched(router.retry(job(deadline, null), List.of(), NOW)).provider()).isEqualTo("openai-eu");
    }

    @Test
    void aJobThatWaitedInVainFailsWithNoProviderAvailableAndWhy() {
        JobFailed failed = (JobFailed) finished(router.giveUp(job(null, null), List.of(), "fal is down (circuit open)",
                NOW, NOW));

        assertThat(failed.failureClass()).isEqualTo(FailureClass.NO_PROVIDER_AVAILABLE);
        assertThat(failed.reason()).isEqualTo("waited until " + NOW + " for a provider; fal is down (circuit open)");
        assertThat(failed.eventId()).isEqualTo("j-1/e-1/outcome");
    }

    @Test
    void anAttemptWithNoResultInTimeIsRecordedAsATimeoutOfUnknownCostAndRoutedOn() {
        AttemptDispatched first = dispatched(router.route(job(null, null), NOW));
        Instant late = first.deadline().plus(settings.timeoutGrace());

        var timedOut = router.timedOut(first, settings.timeoutGrace(), late);

        assertThat(timedOut.eventId()).isEqualTo("j-1/e-1/attempt-1/timeout");
        assertThat(timedOut.failureClass()).isEqualTo(FailureClass.TIMEOUT);
        assertThat(timedOut.costUsd()).isNull();
        assertThat(timedOut.reason()).startsWith("no result from fal by the attempt's deadline");
        assertThat(dispatched(router.reroute(timedOut, NOW.plusSeconds(1))).provider()).isEqualTo("openai");
    }

    @Test
    void aProviderOrModelAnOperatorDisabledIsPassedOverAndTheJobWaitsForIt() {
        settingsView.record(new ProviderSettings(SCHEMA_VERSION, "s-1", NOW, "fal", false, List.of(),
                "vendor incident INC-7", "ops@example.com"));
        settingsView.record(new ProviderSettings(SCHEMA_VERSION, "s-2", NOW, "openai", true, List.of("gpt-image-2"),
                "", "ops@example.com"));

        AttemptDispatched attempt = dispatched(router.route(job(null, null), NOW));

        assertThat(attempt.provider()).isEqualTo("openai-eu");
        assertThat(attempt.reason()).contains("fal is disabled by an operator (vendor incident INC-7)")
                .contains("openai: gpt-image-2 disabled by an operator");
        settingsView.record(new ProviderSettings(SCHEMA_VERSION, "s-3", NOW, "openai-eu", false, List.of(), "", ""));
        assertThat(waits(router.route(job(null, null), NOW)).reason()).contains("openai-eu is disabled");
        settingsView.forget("fal");
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
    void aJobWhoseLastUntriedProviderIsDownWaitsForIt() {
        health.record(report("openai-eu", "w1", HealthState.DOWN, NOW.plusSeconds(10)));
        AttemptDispatched first = dispatched(router.route(job(null, null), NOW));
        AttemptDispatched second = dispatched(router.reroute(
                first.failed(FailureClass.RATE_LIMITED, "429", BigDecimal.ZERO, 10, NOW), NOW));

        Decision.Wait wait = waits(router.reroute(
                second.failed(FailureClass.CREDIT_EXHAUSTED, "insufficient_quota", BigDecimal.ZERO, 10, NOW), NOW));

        assertThat(wait.reason()).contains("fal already tried").contains("openai already tried")
                .contains("openai-eu is down");
    }

    @Test
    void theJobFailsWhenNoUntriedProviderIsLeft() {
        AttemptDispatched first = dispatched(router.route(job(null, 5), NOW));
        AttemptDispatched second = dispatched(router.reroute(
                first.failed(FailureClass.RATE_LIMITED, "429", BigDecimal.ZERO, 10, NOW), NOW));
        AttemptDispatched third = dispatched(router.reroute(
                second.failed(FailureClass.RETRYABLE, "HTTP 502", BigDecimal.ZERO, 10, NOW), NOW));

        JobFailed failed = (JobFailed) finished(router.reroute(
                third.failed(FailureClass.CREDIT_EXHAUSTED, "insufficient_quota", BigDecimal.ZERO, 10, NOW), NOW));

        assertThat(failed.reason()).startsWith("no provider left").contains("openai-eu already tried");
        assertThat(failed.failureClass()).isEqualTo(FailureClass.CREDIT_EXHAUSTED);
        assertThat(failed.attempts()).extracting("provider").containsExactly("fal", "openai", "openai-eu");
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
    void aShutdownTheVendorPublishesTakesTheModelOutOfRouting() {
        catalog.apply(new ModelLifecycleReported(SCHEMA_VERSION, "l-1", NOW, "fal", "fal-ai/flux/schnell",
                LocalDate.parse("2026-11-30"), "GET /v1/models"));

        AttemptDispatched attempt = dispatched(router.route(job(null, null), NOW));

        assertThat(attempt.provider()).isEqualTo("openai");
        assertThat(attempt.reason()).contains("fal: fal-ai/flux/schnell model shut down on 2026-11-30");
    }

    @Test
    void aModelNoRouteUsesFailsAtOnce() {
        JobRequested job = new JobRequested(SCHEMA_VERSION, "e-1", "j-1", NOW, "acme", null, Operation.TEXT_TO_IMAGE,
                "a portrait", null, null, null, "dall-e-3", null);

        JobFailed failed = (JobFailed) finished(router.route(job, NOW));

        assertThat(failed.reason()).isEqualTo("no provider in the catalog has model dall-e-3 for text-to-image");
    }

    private static JobRequested job(ImageParams params) {
        return new JobRequested(SCHEMA_VERSION, "e-1", "j-1", NOW, "acme", "batch-1", Operation.TEXT_TO_IMAGE,
                "a portrait", params, null, null, null, null);
    }

    private static JobRequested job(Instant deadline, Integer maxAttempts) {
        return new JobRequested(SCHEMA_VERSION, "e-1", "j-1", NOW, "acme", "batch-1", Operation.TEXT_TO_IMAGE,
                "a portrait", ImageParams.defaults(), deadline, maxAttempts, null, null);
    }

    private static ProviderHealth report(String provider, String instance, HealthState state, Instant validUntil) {
        return new ProviderHealth(SCHEMA_VERSION, "h-" + instance, NOW.minusSeconds(1), provider, instance, state,
                "circuit " + state, validUntil);
    }

    private static AttemptDispatched dispatched(Decision decision) {
        assertThat(decision).isInstanceOf(Decision.Dispatch.class);
        return ((Decision.Dispatch) decision).attempt();
    }

    private static Decision.Wait waits(Decision decision) {
        assertThat(decision).isInstanceOf(Decision.Wait.class);
        return (Decision.Wait) decision;
    }

    private static Object finished(Decision decision) {
        assertThat(decision).isInstanceOf(Decision.Finish.class);
        return ((Decision.Finish) decision).outcome();
    }
}
