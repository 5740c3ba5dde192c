package io.genpipe.router.tracking;

import io.genpipe.catalog.CatalogFiles;
import io.genpipe.catalog.LiveCatalog;
import io.genpipe.router.cooldown.CooldownView;
import io.genpipe.contracts.event.AttemptDispatched;
import io.genpipe.contracts.event.AttemptFailed;
import io.genpipe.contracts.event.FailureClass;
import io.genpipe.contracts.event.HealthState;
import io.genpipe.contracts.event.ImageParams;
import io.genpipe.contracts.event.JobFailed;
import io.genpipe.contracts.event.JobRequested;
import io.genpipe.contracts.event.JobSucceeded;
import io.genpipe.contracts.event.Operation;
import io.genpipe.contracts.event.ProviderHealth;
import io.genpipe.messaging.health.ProviderHealthView;
import io.genpipe.router.routing.Availability;
import io.genpipe.router.routing.JobRouter;
import io.genpipe.messaging.settings.ProviderSettingsView;
import io.genpipe.router.routing.RoutePlanner;
import io.genpipe.router.routing.RoutingSettings;
import io.genpipe.router.tracking.JobState.Phase;
import io.genpipe.router.tracking.Step.Effect;
import io.genpipe.router.budget.TenantBudgets;
import io.genpipe.router.policy.PolicySettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.genpipe.contracts.event.GenpipeEvent.SCHEMA_VERSION;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The router's memory of a job, input by input, on the shipped catalog (fal flux/schnell, then openai gpt-image-2):
 * what moves a job on, what is recognised as read before, and what time does.
 */
class JobTrackerTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    private final ProviderHealthView health = new ProviderHealthView();
    private final RoutingSettings settings = RoutingSettings.defaults();
    private final JobTracker tracker = new JobTracker(new JobRouter(
            new RoutePlanner(new LiveCatalog(CatalogFiles.defaults()),
                    new Availability(new ProviderSettingsView(), health, new CooldownView()), PolicySettings.defaults(), TenantBudgets.none(),
                    new SimpleMeterRegistry()), settings),
            settings);
    private final JobRequested job = new JobRequested(SCHEMA_VERSION, "e-1", "j-1", NOW, "acme", null,
            Operation.TEXT_TO_IMAGE, "a lighthouse", ImageParams.defaults(), null, null, null, null);

    @Test
    void aJobIsDispatchedAndItsAttemptDeadlinePlusGraceIsWatched() {
        up("fal");

        Step step = tracker.onJob(null, job, NOW);

        assertThat(step.effect()).isEqualTo(Effect.APPLIED);
        assertThat(step.next().phase()).isEqualTo(Phase.DISPATCHED);
        assertThat(dispatchIn(step).provider()).isEqualTo("fal");
        assertThat(step.next().timerAt(settings)).isEqualTo(NOW.plus(Duration.ofMinutes(5)).plusSeconds(150));
    }

    @Test
    void theSameJobReadAgainRepublishesItsDispatchWithTheSameIdAndAnotherRequestForTheJobIdIsIgnored() {
        up("fal");
        JobState dispatched = tracker.onJob(null, job, NOW).next();

        Step again = tracker.onJob(dispatched, job, NOW.plusSeconds(1));
        Step otherRequest = tracker.onJob(dispatched, new JobRequested(SCHEMA_VERSION, "e-2", "j-1", NOW, "acme", null,
                Operation.TEXT_TO_IMAGE, "a lighthouse", null, null, null, null, null), NOW.plusSeconds(1));

        assertThat(again.effect()).isEqualTo(Effect.REPLAYED);
        assertThat(dispatchIn(again).eventId()).isEqualTo("j-1/e-1/attempt-1");
        assertThat(otherRequest.effect()).isEqualTo(Effect.IGNORED_STALE);
        assertThat(otherRequest.emit()).isEmpty();
    }

    @Test
    void aFailureReadTwiceDispatchesTheNextAttemptOnce() {
        up("fal");
        up("openai");
        JobState first = tracker.onJob(null, job, NOW).next();
        AttemptFailed failed = first.dispatch().failed(FailureClass.RETRYABLE, "HTTP 503", BigDecimal.ZERO, 40, NOW);

        Step rerouted = tracker.onResult(first, failed, NOW);
        Step readAgain = tracker.onResult(rerouted.next(), failed, NOW.plusSeconds(1));

        assertThat(dispatchIn(rerouted).attempt()).isEqualTo(2);
        assertThat(readAgain.effect()).isEqualTo(Effect.REPLAYED);
        assertThat(readAgain.emit()).containsExactlyElementsOf(rerouted.emit());
        assertThat(readAgain.next()).isEqualTo(rerouted.next());
    }

    @Test
    void anAttemptWithNoResultTimesOutIsRecordedAndRoutedOnAndItsLateResultChangesNothing() {
        up("fal");
        up("openai");
        JobState first = tracker.onJob(null, job, NOW).next();
        Instant late = first.timerAt(settings);
        Tick tick = tracker.dueTick(first, late).orElseThrow();

        Step timedOut = tracker.onTick(first, tick, late);
        Step lateResult = tracker.onResult(timedOut.next(), first.dispatch().succeeded(List.of(), BigDecimal.ONE,
                1000, late), late);

        assertThat(tick.kind()).isEqualTo(Tick.Kind.ATTEMPT_TIMEOUT);
        assertThat(timedOut.emit()).hasSize(2);
        assertThat(timedOut.emit().get(0)).isInstanceOfSatisfying(AttemptFailed.class, failure -> {
            assertThat(failure.failureClass()).isEqualTo(FailureClass.TIMEOUT);
            assertThat(failure.costUsd()).isNull();
        });
        assertThat(dispatchIn(timedOut).provider()).isEqualTo("openai");
        assertThat(lateResult.effect()).isEqualTo(Effect.IGNORED_STALE);
        assertThat(lateResult.emit()).isEmpty();
    }

    @Test
    void withNoProviderAvailableTheJobWaitsAndIsDispatchedWhenOneRecovers() {
        Step waiting = tracker.onJob(null, job, NOW);
        assertThat(waiting.next().phase()).isEqualTo(Phase.WAITING);
        assertThat(waiting.emit()).isEmpty();
        assertThat(waiting.next().waitReason()).contains("fal is unknown").contains("openai is unknown");
        assertThat(tracker.retryTick(waiting.next(), NOW.plusSeconds(1))).isEmpty();

        up("openai");
        Tick retry = tracker.retryTick(waiting.next(), NOW.plusSeconds(2)).orElseThrow();
        Step dispatched = tracker.onTick(waiting.next(), retry, NOW.plusSeconds(2));

        assertThat(dispatchIn(dispatched).provider()).isEqualTo("openai");
        assertThat(dispatched.next().phase()).isEqualTo(Phase.DISPATCHED);
    }

    @Test
    void aWaitingJobKeepsTheEndOfItsFirstWaitAndThenFailsWithNoProviderAvailable() {
        JobState waiting = tracker.onJob(null, job, NOW).next();
        up("openai");
        Tick retry = tracker.retryTick(waiting, NOW.plusSeconds(60)).orElseThrow();
        health.forget("openai/w1"); // gone again before the retry is read back

        JobState stillWaiting = tracker.onTick(waiting, retry, NOW.plusSeconds(60)).next();
        Step over = tracker.onTick(stillWaiting, tracker.dueTick(stillWaiting, stillWaiting.waitUntil()).orElseThrow(),
                stillWaiting.waitUntil());

        assertThat(stillWaiting.phase()).isEqualTo(Phase.WAITING);
        assertThat(stillWaiting.waitUntil()).isEqualTo(NOW.plus(settings.maxWait()));
        assertThat(over.next().phase()).isEqualTo(Phase.FINISHED);
        assertThat(over.emit()).singleElement().isInstanceOfSatisfying(JobFailed.class, failed -> {
            assertThat(failed.failureClass()).isEqualTo(FailureClass.NO_PROVIDER_AVAILABLE);
            assertThat(failed.reason()).contains("fal is unknown").contains("openai is unknown");
        });
    }

    @Test
    void aSuccessFinishesTheJobWhichIsRememberedForItsRetentionAndRepublishedIfReadAgain() {
        up("fal");
        JobState first = tracker.onJob(null, job, NOW).next();
        var succeeded = first.dispatch().succeeded(List.of(), new BigDecimal("0.003"), 1200, NOW.plusSeconds(2));

        Step finished = tracker.onResult(first, succeeded, NOW.plusSeconds(2));
        Step readAgain = tracker.onResult(finished.next(), succeeded, NOW.plusSeconds(3));

        assertThat(finished.emit()).singleElement().isInstanceOf(JobSucceeded.class);
        assertThat(finished.next().timerAt(settings)).isEqualTo(NOW.plusSeconds(2).plus(settings.finishedRetention()));
        assertThat(tracker.dueTick(finished.next(), NOW)).isEmpty();
        assertThat(readAgain.effect()).isEqualTo(Effect.REPLAYED);
        assertThat(readAgain.emit()).containsExactlyElementsOf(finished.emit());
    }

    @Test
    void aResultOrTickForAJobTheRouterDoesNotTrackIsIgnored() {
        up("fal");
        JobState first = tracker.onJob(null, job, NOW).next();

        assertThat(tracker.onResult(null, first.dispatch().failed(FailureClass.RETRYABLE, "HTTP 503", BigDecimal.ZERO,
                1, NOW), NOW).effect()).isEqualTo(Effect.IGNORED_UNKNOWN);
        assertThat(tracker.onTick(null, Tick.of("j-1", Tick.Kind.RETRY, 1, NOW), NOW).effect())
                .isEqualTo(Effect.IGNORED_UNKNOWN);
    }

    @Test
    void aResultFromAnotherProviderThanTheOneInFlightIsStale() {
        up("fal");
        JobState first = tracker.onJob(null, job, NOW).next();
        AttemptDispatched elsewhere = new AttemptDispatched(SCHEMA_VERSION, "x", "j-1", NOW, 1, "openai",
                "gpt-image-2", "test", null, job, List.of(), null, List.of(), null, null);

        Step step = tracker.onResult(first, elsewhere.failed(FailureClass.RETRYABLE, "HTTP 503", BigDecimal.ZERO, 1,
                NOW), NOW);

        assertThat(step.effect()).isEqualTo(Effect.IGNORED_STALE);
    }

    @Test
    void anAttemptItsTenantsBudgetCannotCoverFailsTheJobOnceWithTheBudgetsWords() {
        up("fal");
        JobState dispatched = tracker.onJob(null, job, NOW).next();
        Tick denied = Tick.budgetDenied("j-1", 1, "tenant acme's budget of $0.05 for 2026-12 cannot cover $0.01 more",
                NOW);

        Step step = tracker.onTick(dispatched, denied, NOW);
        Step again = tracker.onTick(step.next(), denied, NOW.plusSeconds(1));
        Step forAnotherAttempt = tracker.onTick(dispatched, Tick.budgetDenied("j-1", 2, "x", NOW), NOW);

        assertThat(step.next().phase()).isEqualTo(Phase.FINISHED);
        assertThat(step.emit()).singleElement().isInstanceOfSatisfying(JobFailed.class, failed -> {
            assertThat(failed.failureClass()).isEqualTo(FailureClass.BUDGET_EXHAUSTED);
            assertThat(failed.reason()).isEqualTo("fal was not asked: tenant acme's budget of $0.05 for 2026-12"
                    + " cannot cover $0.01 more");
            assertThat(failed.attempts()).isEmpty();
        });
        assertThat(again.effect()).isEqualTo(Effect.REPLAYED);
        assertThat(forAnotherAttempt.effect()).isEqualTo(Effect.IGNORED_STALE);
    }

    @Test
    void anAttemptWhoseProbeAnotherJobHoldsIsRoutedAgainAsTheSameAttemptAndATickForAnotherIsStale() {
        up("fal");
        up("openai");
        JobState dispatched = tracker.onJob(null, job, NOW).next();
        assertThat(dispatched.dispatch().provider()).isEqualTo("fal");
        // fal went DOWN meanwhile as far as this instance knows; its probe was refused by the standing's owner.
        health.record(new ProviderHealth(SCHEMA_VERSION, "h-fal", NOW, "fal", "w1", HealthState.DOWN, "circuit open",
                NOW.plus(Duration.ofHours(1))));
        Tick taken = Tick.probeTaken("j-1", 1, "fal's one probe after its cooldown is out (j-0/e/attempt-1)", NOW);

        Step step = tracker.onTick(dispatched, taken, NOW);
        Step forAnotherAttempt = tracker.onTick(dispatched, Tick.probeTaken("j-1", 2, "x", NOW.plusMillis(1)), NOW);

        assertThat(dispatchIn(step).attempt()).isEqualTo(1);
        assertThat(dispatchIn(step).provider()).isEqualTo("openai");
        assertThat(dispatchIn(step).eventId()).as("the same decision's id: the refused one was never sent")
                .isEqualTo(dispatched.dispatch().eventId());
        assertThat(forAnotherAttempt.effect()).isEqualTo(Effect.IGNORED_STALE);
        assertThat(Tick.probeTaken("j-1", 1, "x", NOW.plusMillis(5)).eventId()).as("a second refusal is not a replay")
                .isNotEqualTo(taken.eventId());
    }

    private void up(String provider) {
        health.record(new ProviderHealth(SCHEMA_VERSION, "h-" + provider, NOW.minusSeconds(1), provider, "w1",
                HealthState.UP, "ok", NOW.plus(Duration.ofHours(1))));
    }

    private static AttemptDispatched dispatchIn(Step step) {
        return step.emit().stream().filter(AttemptDispatched.class::isInstance).map(AttemptDispatched.class::cast)
                .findFirst().orElseThrow(() -> new AssertionError("no dispatch in " + step.emit()));
    }
}
