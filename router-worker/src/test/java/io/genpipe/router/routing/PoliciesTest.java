package io.genpipe.router.routing;

import io.genpipe.catalog.CatalogFiles;
import io.genpipe.catalog.LiveCatalog;
import io.genpipe.contracts.catalog.Catalog;
import io.genpipe.contracts.event.AttemptDispatched;
import io.genpipe.contracts.event.ExperimentArm;
import io.genpipe.contracts.event.FailureClass;
import io.genpipe.contracts.event.HealthState;
import io.genpipe.contracts.event.ImageParams;
import io.genpipe.contracts.event.JobFailed;
import io.genpipe.contracts.event.JobRequested;
import io.genpipe.contracts.event.Operation;
import io.genpipe.contracts.event.ProviderHealth;
import io.genpipe.contracts.event.ProviderSettings;
import io.genpipe.contracts.event.RouteExplanation;
import io.genpipe.contracts.event.RoutingRequest.BudgetTier;
import io.genpipe.contracts.event.RoutingRequest.Preset;
import io.genpipe.contracts.event.RoutingRequest.Priority;
import io.genpipe.contracts.event.RoutingRequest.QualityTier;
import io.genpipe.contracts.event.RoutingRequest.SpeedTier;
import io.genpipe.contracts.event.RoutingRequest;
import io.genpipe.messaging.health.ProviderHealthView;
import io.genpipe.messaging.settings.ProviderSettingsView;
import io.genpipe.messaging.spend.SpendView;
import io.genpipe.router.budget.TenantBudgets;
import io.genpipe.router.cooldown.CooldownView;
import io.genpipe.router.cooldown.ProviderCooldown;
import io.genpipe.router.observed.Observations;
import io.genpipe.router.policy.ExperimentSettings;
import io.genpipe.router.policy.PolicySettings;
import io.genpipe.router.policy.Weights;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.genpipe.contracts.event.GenpipeEvent.SCHEMA_VERSION;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every policy of the router on a catalog whose providers differ in each thing a policy scores: "cheap" is cheap,
 * fast and plain; "mid" is priced and paced between; "best" is the best, slow and dear. The route tries them in that
 * order. Every provider has a live worker unless a test says otherwise.
 */
class PoliciesTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    static final Catalog CATALOG = CatalogFiles.fromYaml("""
            genpipe.catalog:
              routes:
                text-to-image:
                  - {provider: cheap, model: cheap-1}
                  - {provider: mid, model: mid-1}
                  - {provider: best, model: best-1}
              presets:
                text-to-image:
                  fast: [{provider: cheap, model: cheap-1, steps: 2}]
                  high: [{provider: best, model: best-1}, {provider: mid, model: mid-1}]
              providers:
                cheap:
                  adapter: fal
                  base-url: https://queue.fal.run
                  api-key-env: CHEAP_KEY
                  models:
                    cheap-1:
                      operations: [text-to-image]
                      sizes: {multiple-of: 8, min-side: 64, largest: 2048x2048, max-aspect: 4}
                      max-images: 4
                      steps: {min: 1, max: 12}
                      latency-p50: 1500ms
                      quality: 60
                      pricing: {per-megapixel: 0.003}
                mid:
                  adapter: openai
                  base-url: https://api.openai.com/v1
                  api-key-env: MID_KEY
                  models:
                    mid-1:
                      operations: [text-to-image]
                      sizes: {multiple-of: 16, min-side: 16, largest: 3840x2160, max-aspect: 3}
                      max-images: 10
                      latency-p50: 8s
                      quality: 85
                      pricing: {per-image: {any: 0.02}}
                    mid-unpriced:
                      operations: [text-to-image]
                      sizes: {list: [1024x1024, 1536x1024]}
                      latency-p50: 8s
                      quality: 86
                      render-quality: high
                      pricing: {per-token: {text-input: 5, image-input: 8, output: 30, output-tokens: {low: {1024x1024: 272}, medium: {1024x1024: 1056}}}}
                best:
                  adapter: openai
                  base-url: https://api.openai.com/v1
                  api-key-env: BEST_KEY
                  models:
                    best-1:
                      operations: [text-to-image]
                      sizes: {multiple-of: 16, min-side: 16, largest: 3840x2160, max-aspect: 3}
                      max-images: 10
                      latency-p50: 20s
                      quality: 95
                      pricing: {per-image: {any: 0.08}}
                    best-lite:
                      operations: [text-to-image]
                      sizes: {multiple-of: 16, min-side: 16, largest: 3840x2160, max-aspect: 3}
                      max-images: 10
                      latency-p50: 5s
                      quality: 80
                      pricing: {per-image: {any: 0.01}}
            """);

    private final ProviderHealthView health = new ProviderHealthView();
    private final ProviderSettingsView operators = new ProviderSettingsView();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final Observations observations = new Observations();
    private final CooldownView cooldowns = new CooldownView();

    @BeforeEach
    void everyProviderHasALiveWorker() {
        for (String provider : List.of("cheap", "mid", "best")) {
            report(provider, HealthState.UP, null);
        }
    }

    @Test
    void withoutAPolicyTheRoutesOrderDecidesAndTheDispatchSaysSo() {
        AttemptDispatched attempt = dispatch(router(), RoutingRequest.NONE);

        assertThat(attempt.provider()).isEqualTo("cheap");
        assertThat(attempt.reason()).isEqualTo("priority 1 of 3 for text-to-image");
        assertThat(attempt.route().policy()).isEqualTo("priority");
        assertThat(attempt.route().scores()).extracting(RouteExplanation.Score::provider)
                .containsExactly("cheap", "mid", "best");
        assertThat(attempt.route().scores()).extracting(RouteExplanation.Score::score).containsExactly(1.0, 0.5, 0.0);
        assertThat(attempt.route().scores().get(0).estimatedCostPerImageUsd()).isEqualByComparingTo("0.003");
        assertThat(attempt.experiment()).isNull();
    }

    @Test
    void prioritizeCostQualityOrSpeedPicksTheCheapestTheBestOrTheFastest() {
        assertThat(dispatch(router(), prioritize(Priority.COST)).provider()).isEqualTo("cheap");
        assertThat(dispatch(router(), prioritize(Priority.QUALITY)).provider()).isEqualTo("best");
        assertThat(dispatch(router(), prioritize(Priority.SPEED)).provider()).isEqualTo("cheap");

        AttemptDispatched best = dispatch(router(), prioritize(Priority.QUALITY));
        assertThat(best.route().policy()).isEqualTo("quality");
        assertThat(best.route().scores()).extracting(RouteExplanation.Score::provider)
                .containsExactly("best", "mid", "cheap");
        assertThat(best.reason()).isEqualTo("quality for text-to-image: best best-1 scored 1.0");
    }

    @Test
    void theOperatorsWeightsForAnOperationCombineCostAndQuality() {
        // cost 0.5, quality 0.5: cheap 0.5 (cheapest, worst), mid 0.5 * 0.78 + 0.5 * 0.71, best 0.5 (best, dearest).
        PolicySettings weighted = new PolicySettings(Map.of("text-to-image", new Weights(0, 1, 1, 0, 0, 0)), 85,
                Duration.ofSeconds(3), PolicySettings.Budgets.defaults(), List.of());

        AttemptDispatched attempt = dispatch(router(weighted), RoutingRequest.NONE);

        assertThat(attempt.provider()).isEqualTo("mid");
        assertThat(attempt.route().policy()).isEqualTo("weighted cost 0.5 quality 0.5");
        assertThat(meters.counter("genpipe.router.routes", "stage", "route", "policy", "weighted cost 0.5 quality 0.5")
                .count()).isEqualTo(1);
    }

    @Test
    void premiumQualityPassesOverModelsBelowTheBarAndSaysWhy() {
        AttemptDispatched attempt = dispatch(router(), new RoutingRequest(null, QualityTier.PREMIUM, null, null, null,
                null, null, null));

        assertThat(attempt.provider()).isEqualTo("mid");
        assertThat(attempt.route().skipped()).singleElement().satisfies(skip -> {
            assertThat(skip.provider()).isEqualTo("cheap");
            assertThat(skip.cause()).isEqualTo("requirement");
            assertThat(skip.reason()).isEqualTo("cheap: cheap-1 quality 60 is below premium (85)");
        });
    }

    @Test
    void fastSpeedKeepsOnlyModelsExpectedWithinTheFastLatency() {
        AttemptDispatched attempt = dispatch(router(), new RoutingRequest(Priority.QUALITY, null, SpeedTier.FAST, null,
                null, null, null, null));

        assertThat(attempt.provider()).isEqualTo("cheap");
        assertThat(attempt.route().skipped()).extracting(RouteExplanation.Skip::reason).containsExactly(
                "mid: mid-1 expected 8000 ms is slower than fast (3000 ms)",
                "best: best-1 expected 20000 ms is slower than fast (3000 ms)");
    }

    @Test
    void aBudgetTierOrAMaximumPerImageKeepsOnlyModelsEstimatedWithinIt() {
        assertThat(dispatch(router(), budget(BudgetTier.LOW, null)).provider()).isEqualTo("cheap");
        AttemptDispatched premiumMedium = dispatch(router(), new RoutingRequest(Priority.QUALITY, QualityTier.PREMIUM,
                null, BudgetTier.MEDIUM, null, null, null, null));
        assertThat(premiumMedium.provider()).isEqualTo("mid");
        assertThat(premiumMedium.route().skipped()).extracting(RouteExplanation.Skip::reason)
                .contains("best: best-1 estimated $0.08 per image is over budget medium ($0.04)");

        Decision none = router().route(job(new RoutingRequest(null, QualityTier.PREMIUM, null, null,
                new BigDecimal("0.01"), null, null, null)), NOW);

        JobFailed failed = (JobFailed) ((Decision.Finish) none).outcome();
        assertThat(failed.reason()).startsWith("no provider left for text-to-image: ")
                .contains("mid: mid-1 estimated $0.02 per image is over the job's maximum ($0.01)");
    }

    @Test
    void aModelWhosePriceIsUnknownIsNeverTakenForOneWithinALimit() {
        JobRequested job = new JobRequested(SCHEMA_VERSION, "e-1", "j-1", NOW, "acme", null, Operation.TEXT_TO_IMAGE,
                "a portrait", ImageParams.defaults(), null, null, "mid-unpriced", budget(BudgetTier.HIGH,
                new BigDecimal("1.00")));

        Decision decision = router().route(job, NOW);

        JobFailed failed = (JobFailed) ((Decision.Finish) decision).outcome();
        assertThat(failed.reason()).contains("mid: mid-unpriced its price is unknown, so it cannot be shown to be"
                + " within $1.00 per image");
    }

    @Test
    void aPresetTriesItsModelsInOrderAndSendsTheirSteps() {
        AttemptDispatched fast = dispatch(router(), preset(Preset.FAST, null, null));
        assertThat(fast.provider()).isEqualTo("cheap");
        assertThat(fast.params().steps()).isEqualTo(2);
        assertThat(fast.job().params().steps()).isNull();
        assertThat(fast.route().policy()).isEqualTo("preset fast; priority");

        AttemptDispatched high = dispatch(router(), preset(Preset.HIGH, null, null));
        assertThat(high.provider()).isEqualTo("best");
        assertThat(high.params().steps()).isNull();
        assertThat(high.reason()).isEqualTo("priority 1 of 2 for text-to-image (preset high)");

        report("best", HealthState.DOWN, null);
        assertThat(dispatch(router(), preset(Preset.HIGH, null, null)).provider()).isEqualTo("mid");
    }

    @Test
    void aForcedProviderIsRespectedAndWaitsForRecoveryUnlessFallbackIsAllowed() {
        assertThat(dispatch(router(), preset(null, "best", null)).model()).isEqualTo("best-1");

        report("best", HealthState.DOWN, null);
        Decision forced = router().route(job(preset(null, "best", null)), NOW);
        assertThat(forced).isInstanceOf(Decision.Wait.class);
        assertThat(((Decision.Wait) forced).reason()).contains("best is down");

        AttemptDispatched fellBack = dispatch(router(), preset(null, "best", true));
        assertThat(fellBack.provider()).isEqualTo("cheap");
        assertThat(fellBack.route().policy()).isEqualTo("fallback after provider best; priority");
        assertThat(fellBack.route().skipped()).extracting(RouteExplanation.Skip::cause).containsExactly("down");
    }

    @Test
    void aForcedProviderFailingWithoutFallbackEndsTheJobAfterItsOwnModels() {
        AttemptDispatched first = dispatch(router(), preset(null, "mid", null));
        Decision next = router().reroute(first.failed(FailureClass.RETRYABLE, "HTTP 503", BigDecimal.ZERO, 10, NOW),
                NOW);

        assertThat(first.model()).isEqualTo("mid-1");
        assertThat(next).isInstanceOf(Decision.Finish.class);
        assertThat(((JobFailed) ((Decision.Finish) next).outcome()).reason())
                .isEqualTo("no provider left for text-to-image: mid already tried");
    }

    @Test
    void prioritizeLoadPrefersTheLeastBacklogAndNeverTakesAnUnknownLoadForIdle() {
        report("cheap", HealthState.UP, 40);
        report("mid", HealthState.UP, 3);
        // best's worker does not say how many calls it has in flight

        AttemptDispatched attempt = dispatch(router(), prioritize(Priority.LOAD));

        assertThat(attempt.provider()).isEqualTo("mid");
        assertThat(attempt.route().scores()).extracting(RouteExplanation.Score::backlog).containsExactly(3, 40, null);
    }

    @Test
    void prioritizeLoadPassesOverAProviderWhoseWorkersHaveNoHeadroomLeftWithinItsAccountsLimits() {
        reportHeadroom("cheap", 3, 0); // few calls, but each new one waits its turn at the worker
        reportHeadroom("mid", 10, 5);
        reportHeadroom("best", 20, 1);

        AttemptDispatched attempt = dispatch(router(), prioritize(Priority.LOAD));

        assertThat(attempt.provider()).isEqualTo("mid");
    }

    private void reportHeadroom(String provider, int inFlight, int headroom) {
        health.record(new ProviderHealth(SCHEMA_VERSION, "h-" + provider, NOW.minusSeconds(1), provider, "w1",
                HealthState.UP, "circuit UP", NOW.plusSeconds(10), inFlight, headroom, 0, null, null, null, null,
                null));
    }

    @Test
    void anOperatorsPriorityComesBeforeThePolicyAndAWeightScalesTheScore() {
        operators.record(settings("best", 10, null));
        assertThat(dispatch(router(), prioritize(Priority.COST)).provider()).isEqualTo("best");

        operators.record(settings("best", null, null));
        operators.record(settings("cheap", null, 0.0));
        AttemptDispatched attempt = dispatch(router(), prioritize(Priority.COST));
        assertThat(attempt.provider()).isEqualTo("mid");
        // cheap's cost score, 1, times 0: it ties with best, the dearest, and comes before it in the route's order.
        assertThat(attempt.route().scores()).extracting(RouteExplanation.Score::provider)
                .containsExactly("mid", "cheap", "best");
        assertThat(attempt.route().scores().get(1).score()).isZero();
    }

    @Test
    void whatThisRouterObservedReplacesTheCatalogsLatencyAndScoresReliability() {
        AttemptDispatched toCheap = dispatch(router(), RoutingRequest.NONE);
        AttemptDispatched toMid = dispatch(router(), preset(null, "mid", null));
        for (int i = 0; i < 10; i++) {
            observations.record(toCheap.failed(FailureClass.RETRYABLE, "HTTP 503", BigDecimal.ZERO, 30_000, NOW));
            observations.record(toMid.succeeded(List.of(), new BigDecimal("0.02"), 900, NOW));
        }
        PolicySettings reliable = new PolicySettings(Map.of("text-to-image", new Weights(0, 0, 0, 0, 0, 1)), 85,
                Duration.ofSeconds(3), PolicySettings.Budgets.defaults(), List.of());

        AttemptDispatched fastest = dispatch(router(), prioritize(Priority.SPEED));
        AttemptDispatched mostReliable = dispatch(router(reliable), RoutingRequest.NONE);

        assertThat(fastest.provider()).isEqualTo("mid");
        assertThat(fastest.route().scores().get(0).expectedLatencyMs()).isEqualTo(900);
        assertThat(mostReliable.provider()).isEqualTo("mid");
        assertThat(mostReliable.route().scores()).extracting(RouteExplanation.Score::successRate)
                .containsExactly(1.0, 0.0, null); // cheap and best both score 0: the route order decides
    }

    @Test
    void aProbingProviderWhoseProbeIsOutIsPassedOver() {
        cooldowns.record(new ProviderCooldown("cheap", ProviderCooldown.State.PROBING, 3, null, NOW, "probing"));
        assertThat(cooldowns.unavailable("cheap", NOW, true)).isEmpty(); // another job took this instance's probe

        AttemptDispatched attempt = dispatch(router(), prioritize(Priority.COST));

        assertThat(attempt.provider()).isEqualTo("mid");
        assertThat(attempt.route().skipped()).extracting(RouteExplanation.Skip::cause).containsExactly("cooling-down");
    }

    @Test
    void aProbeAnotherThreadClaimsBetweenScoringAndChoosingGoesToTheNextBestWhichLeadsTheScores() {
        CooldownView racing = new CooldownView() {
            @Override
            public java.util.Optional<String> unavailable(String provider, Instant now, boolean claim) {
                // Free when scored, taken by another stream thread by the time this decision claims it.
                return claim && provider.equals("cheap") ? java.util.Optional.of("probing; the probe is out")
                        : java.util.Optional.empty();
            }
        };
        JobRouter router = new JobRouter(new RoutePlanner(new LiveCatalog(CATALOG),
                new Availability(operators, health, racing, observations, new SpendView()), PolicySettings.defaults(),
                TenantBudgets.none(), meters), RoutingSettings.defaults());

        AttemptDispatched attempt = dispatch(router, prioritize(Priority.COST));

        assertThat(attempt.provider()).isEqualTo("mid");
        assertThat(attempt.route().scores()).extracting(RouteExplanation.Score::provider).containsExactly("mid", "best");
        assertThat(attempt.route().skipped()).singleElement().satisfies(skip -> {
            assertThat(skip.provider()).isEqualTo("cheap");
            assertThat(skip.reason()).isEqualTo("cheap is probing; the probe is out");
        });
    }

    @Test
    void anExperimentSplitsJobsByWeightRecordsTheArmAndFallsBackWhenTheArmCannot() {
        PolicySettings split = experiment(new ExperimentSettings.Arm("cheap", "cheap", null, 3),
                new ExperimentSettings.Arm("best", "best", "best-1", 1));
        JobRouter router = router(split);
        int toBest = 0;
        for (int i = 0; i < 2000; i++) {
            AttemptDispatched attempt = dispatch(router, job("job-" + i, RoutingRequest.NONE));
            assertThat(attempt.experiment().arm()).isEqualTo(attempt.provider());
            toBest += attempt.provider().equals("best") ? 1 : 0;
        }
        assertThat(toBest / 2000.0).isBetween(0.22, 0.28);
        assertThat(meters.counter("genpipe.router.experiment.assignments", "experiment", "ab-1", "arm", "best")
                .count()).isEqualTo(toBest);

        report("best", HealthState.DOWN, null);
        String bestJob = java.util.stream.IntStream.range(0, 100).mapToObj(i -> "job-" + i)
                .filter(id -> split.experiments().get(0).assign(id).name().equals("best")).findFirst().orElseThrow();
        AttemptDispatched fellBack = dispatch(router, job(bestJob, RoutingRequest.NONE));
        assertThat(fellBack.provider()).isEqualTo("cheap");
        assertThat(fellBack.experiment()).isEqualTo(new ExperimentArm("ab-1", "best"));
        assertThat(fellBack.route().policy()).isEqualTo("fallback after experiment ab-1 arm best; priority");
    }

    @Test
    void theArmSurvivesAFailureAndRidesOnTheOutcomeAndAJobThatAsksAnythingOfItsRoutingIsNotSplit() {
        JobRouter router = router(experiment(new ExperimentSettings.Arm("control", null, null, 1),
                new ExperimentSettings.Arm("mid", "mid", null, 1)));
        AttemptDispatched first = dispatch(router, job("j-7", RoutingRequest.NONE));
        AttemptDispatched second = dispatch(router.reroute(first.failed(FailureClass.RETRYABLE, "HTTP 503",
                BigDecimal.ZERO, 10, NOW), NOW));

        assertThat(second.experiment()).isEqualTo(first.experiment()).isNotNull();
        JobFailed failed = (JobFailed) ((Decision.Finish) router.reroute(second.failed(FailureClass.CONTENT_REJECTED,
                "policy", BigDecimal.ZERO, 10, NOW), NOW)).outcome();
        assertThat(failed.experiment()).isEqualTo(first.experiment());

        assertThat(dispatch(router, job("j-7", preset(null, "best", null))).experiment()).isNull();
        assertThat(dispatch(router, job("j-7", prioritize(Priority.COST))).experiment()).isNull();
    }

    private static PolicySettings experiment(ExperimentSettings.Arm... arms) {
        return new PolicySettings(Map.of(), 85, Duration.ofSeconds(3), PolicySettings.Budgets.defaults(),
                List.of(new ExperimentSettings("ab-1", "text-to-image", true, List.of(arms))));
    }

    private JobRouter router() {
        return router(PolicySettings.defaults());
    }

    private JobRouter router(PolicySettings policy) {
        Availability availability = new Availability(operators, health, cooldowns, observations, new SpendView());
        return new JobRouter(new RoutePlanner(new LiveCatalog(CATALOG), availability, policy, TenantBudgets.none(), meters),
                RoutingSettings.defaults());
    }

    private static AttemptDispatched dispatch(JobRouter router, RoutingRequest request) {
        return dispatch(router, job(request));
    }

    private static AttemptDispatched dispatch(JobRouter router, JobRequested job) {
        return dispatch(router.route(job, NOW));
    }

    private static AttemptDispatched dispatch(Decision decision) {
        assertThat(decision).isInstanceOf(Decision.Dispatch.class);
        return ((Decision.Dispatch) decision).attempt();
    }

    private static JobRequested job(RoutingRequest request) {
        return job("j-1", request);
    }

    private static JobRequested job(String id, RoutingRequest request) {
        return new JobRequested(SCHEMA_VERSION, "e-" + id, id, NOW, "acme", null, Operation.TEXT_TO_IMAGE,
                "a portrait", ImageParams.defaults(), null, null, null, request);
    }

    private static RoutingRequest prioritize(Priority priority) {
        return new RoutingRequest(priority, null, null, null, null, null, null, null);
    }

    private static RoutingRequest budget(BudgetTier tier, BigDecimal max) {
        return new RoutingRequest(null, null, null, tier, max, null, null, null);
    }

    private static RoutingRequest preset(Preset preset, String provider, Boolean fallback) {
        return new RoutingRequest(null, null, null, null, null, preset, provider, fallback);
    }

    private void report(String provider, HealthState state, Integer inFlight) {
        health.record(new ProviderHealth(SCHEMA_VERSION, "h-" + provider, NOW.minusSeconds(1), provider, "w1", state,
                "circuit " + state, NOW.plusSeconds(10), inFlight));
    }

    private static ProviderSettings settings(String provider, Integer priority, Double weight) {
        return new ProviderSettings(SCHEMA_VERSION, "s-" + provider + priority + weight, NOW, provider, true, List.of(),
                "test", "ops", priority, weight, null, 0L);
    }
}
