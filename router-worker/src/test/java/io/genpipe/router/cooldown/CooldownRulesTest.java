package io.genpipe.router.cooldown;

import io.genpipe.contracts.event.AttemptDispatched;
import io.genpipe.contracts.event.AttemptResult;
import io.genpipe.contracts.event.FailureClass;
import io.genpipe.contracts.event.GenpipeEvent;
import io.genpipe.contracts.event.ProviderSettings;
import io.genpipe.messaging.settings.ProviderSettingsView;
import io.genpipe.contracts.event.ImageParams;
import io.genpipe.contracts.event.JobRequested;
import io.genpipe.contracts.event.Operation;
import io.genpipe.router.cooldown.ProviderCooldown.State;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.genpipe.contracts.event.GenpipeEvent.SCHEMA_VERSION;
import static org.assertj.core.api.Assertions.assertThat;

/** Seed 003's cooldown rules, one test per rule. */
class CooldownRulesTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

    private final CooldownRules rules = new CooldownRules(CooldownSettings.defaults());

    @Test
    void threeConsecutiveFailuresStartACooldownOfFiveMinutes() {
        ProviderCooldown once = rules.apply(null, failed(FailureClass.RETRYABLE), NOW);
        ProviderCooldown twice = rules.apply(once, failed(FailureClass.TIMEOUT), NOW);
        ProviderCooldown thrice = rules.apply(twice, failed(FailureClass.RATE_LIMITED), NOW);

        assertThat(twice.state()).isEqualTo(State.AVAILABLE);
        assertThat(twice.consecutiveFailures()).isEqualTo(2);
        assertThat(thrice.state()).isEqualTo(State.COOLING);
        assertThat(thrice.until()).isEqualTo(NOW.plus(FIVE_MINUTES));
        assertThat(thrice.reason()).startsWith("3 consecutive failures, last RATE_LIMITED");
    }

    @Test
    void aSuccessResetsTheCount() {
        ProviderCooldown twice = rules.apply(rules.apply(null, failed(FailureClass.RETRYABLE), NOW),
                failed(FailureClass.RETRYABLE), NOW);

        ProviderCooldown afterSuccess = rules.apply(twice, succeeded(), NOW);

        assertThat(afterSuccess.consecutiveFailures()).isZero();
        assertThat(rules.apply(afterSuccess, failed(FailureClass.RETRYABLE), NOW).state()).isEqualTo(State.AVAILABLE);
    }

    @Test
    void theJobsOwnFaultsNeverCountAgainstTheProvider() {
        ProviderCooldown current = null;
        for (int i = 0; i < 5; i++) {
            current = rules.apply(current, failed(FailureClass.CONTENT_REJECTED), NOW);
            current = rules.apply(current, failed(FailureClass.INVALID_REQUEST), NOW);
        }

        assertThat(current.state()).isEqualTo(State.AVAILABLE);
        assertThat(current.consecutiveFailures()).isZero();
    }

    @Test
    void creditExhaustionStartsACooldownAtOnceWhichEndsLikeAnyOther() {
        ProviderCooldown cooling = rules.apply(null, failed(FailureClass.CREDIT_EXHAUSTED), NOW);

        assertThat(cooling.state()).isEqualTo(State.COOLING);
        assertThat(cooling.reason()).startsWith("credit exhausted");
        assertThat(rules.expire(cooling, NOW.plus(FIVE_MINUTES)).state()).isEqualTo(State.PROBING);
    }

    @Test
    void aRejectedKeyStartsACooldownAtOnceAsSpentCreditsDo() {
        ProviderCooldown cooling = rules.apply(null, failed(FailureClass.AUTH_FAILED), NOW);

        assertThat(cooling.state()).isEqualTo(State.COOLING);
        assertThat(cooling.reason()).startsWith("key or configuration rejected, AUTH_FAILED");
        assertThat(cooling.until()).isEqualTo(NOW.plus(FIVE_MINUTES));
        assertThat(rules.apply(null, failed(FailureClass.RETRYABLE), NOW).state())
                .as("one vendor error alone does not").isEqualTo(State.AVAILABLE);
    }

    @Test
    void aFailureDuringACooldownExtendsItAndNeverShortensIt() {
        ProviderCooldown cooling = rules.apply(null, failed(FailureClass.CREDIT_EXHAUSTED), NOW);
        Instant later = NOW.plusSeconds(60);

        ProviderCooldown extended = rules.apply(cooling, failed(FailureClass.RETRYABLE), later);
        ProviderCooldown withLongerRule = new CooldownRules(new CooldownSettings(3, FIVE_MINUTES,
                Map.of("alpha", new CooldownSettings.Rule(0, Duration.ofMinutes(1)))))
                .apply(extended, failed(FailureClass.RETRYABLE), later);

        assertThat(extended.until()).isEqualTo(later.plus(FIVE_MINUTES));
        assertThat(withLongerRule.until()).isEqualTo(extended.until());
        assertThat(rules.apply(extended, succeeded(), later).until()).isEqualTo(extended.until());
    }

    @Test
    void afterTheCooldownAProbeDecidesSuccessMakesItAvailableFailureCoolsItAgain() {
        ProviderCooldown cooling = rules.apply(null, failed(FailureClass.CREDIT_EXHAUSTED), NOW);
        assertThat(rules.expire(cooling, NOW.plusSeconds(299))).isEqualTo(cooling);
        Instant over = NOW.plus(FIVE_MINUTES);
        ProviderCooldown probing = rules.expire(cooling, over);

        assertThat(probing.state()).isEqualTo(State.PROBING);
        assertThat(rules.apply(probing, succeeded(), over).state()).isEqualTo(State.AVAILABLE);
        ProviderCooldown again = rules.apply(probing, failed(FailureClass.RETRYABLE), over);
        assertThat(again.state()).isEqualTo(State.COOLING);
        assertThat(again.until()).isEqualTo(over.plus(FIVE_MINUTES));
        assertThat(again.reason()).startsWith("the probe after a cooldown failed");
    }

    @Test
    void aProviderCanHaveItsOwnRule() {
        CooldownRules strict = new CooldownRules(new CooldownSettings(3, FIVE_MINUTES,
                Map.of("alpha", new CooldownSettings.Rule(1, Duration.ofSeconds(30)))));

        ProviderCooldown cooling = strict.apply(null, failed(FailureClass.RETRYABLE), NOW);

        assertThat(cooling.state()).isEqualTo(State.COOLING);
        assertThat(cooling.until()).isEqualTo(NOW.plusSeconds(30));
    }

    @Test
    void anOperatorsRuleOnTheSettingsTopicReplacesTheConfiguredOneFieldByField() {
        ProviderSettingsView operators = new ProviderSettingsView();
        CooldownRules live = new CooldownRules(CooldownSettings.defaults(), operators::of);
        operators.record(new ProviderSettings(GenpipeEvent.SCHEMA_VERSION, "s-1", NOW, "alpha", true, List.of(),
                "flaky today", "ops", null, null, new ProviderSettings.Cooldown(1, null), 0L));

        ProviderCooldown cooling = live.apply(null, failed(FailureClass.RETRYABLE), NOW);

        assertThat(cooling.state()).isEqualTo(State.COOLING);
        assertThat(cooling.until()).isEqualTo(NOW.plus(FIVE_MINUTES));
        operators.record(new ProviderSettings(GenpipeEvent.SCHEMA_VERSION, "s-2", NOW, "alpha", true, List.of(),
                "", "ops", null, null, new ProviderSettings.Cooldown(null, 20L), 0L));
        assertThat(live.rule("alpha")).isEqualTo(new CooldownSettings.Rule(3, Duration.ofSeconds(20)));
        operators.forget("alpha");
        assertThat(live.rule("alpha")).isEqualTo(new CooldownSettings.Rule(3, FIVE_MINUTES));
    }

    @Test
    void aProbingProviderTakesOneJobAtATimeFromAnInstance() {
        CooldownView view = new CooldownView();
        view.record(rules.expire(rules.apply(null, failed(FailureClass.CREDIT_EXHAUSTED), NOW), NOW.plus(FIVE_MINUTES)));

        assertThat(view.unavailable("alpha", NOW, false)).isEmpty();
        assertThat(view.unavailable("alpha", NOW, true)).isEmpty();
        assertThat(view.unavailable("alpha", NOW, true)).hasValueSatisfying(why -> assertThat(why)
                .contains("the probe is out"));
    }

    @Test
    void aProbeTheGroupGrantedAnotherInstanceIsOutHereTooWithoutAClaim() {
        CooldownView view = new CooldownView();
        ProviderCooldown probing = rules.expire(rules.apply(null, failed(FailureClass.CREDIT_EXHAUSTED), NOW),
                NOW.plus(FIVE_MINUTES));
        view.record(probing.probedBy("j-7/e-7/attempt-1"));

        assertThat(view.unavailable("alpha", NOW, false)).hasValueSatisfying(why -> assertThat(why)
                .contains("the probe is out"));
        assertThat(view.unavailable("alpha", NOW, true)).isPresent();
    }

    @Test
    void aWorkersInternalErrorNeitherCountsNorResetsNorCoolsTheProvider() {
        ProviderCooldown twice = rules.apply(rules.apply(null, failed(FailureClass.RETRYABLE), NOW),
                failed(FailureClass.RETRYABLE), NOW);

        ProviderCooldown afterBugs = twice;
        for (int i = 0; i < 5; i++) {
            afterBugs = rules.apply(afterBugs, failed(FailureClass.INTERNAL_ERROR), NOW);
        }

        assertThat(afterBugs).isEqualTo(twice);
        assertThat(afterBugs.state()).isEqualTo(State.AVAILABLE);
        assertThat(rules.apply(null, failed(FailureClass.INTERNAL_ERROR), NOW).state()).isEqualTo(State.AVAILABLE);
    }

    @Test
    void aProbeThatEndsInAnInternalErrorStartsANewProbe() {
        ProviderCooldown cooling = rules.apply(null, failed(FailureClass.CREDIT_EXHAUSTED), NOW);
        ProviderCooldown probing = rules.expire(cooling, NOW.plus(FIVE_MINUTES));
        Instant later = NOW.plus(FIVE_MINUTES).plusSeconds(3);

        ProviderCooldown after = rules.apply(probing, failed(FailureClass.INTERNAL_ERROR), later);

        assertThat(after.state()).isEqualTo(State.PROBING);
        assertThat(after.since()).isEqualTo(later);
        assertThat(after.consecutiveFailures()).isEqualTo(probing.consecutiveFailures());
        assertThat(rules.apply(cooling, failed(FailureClass.INTERNAL_ERROR), NOW.plusSeconds(10))).isEqualTo(cooling);
    }

    private static AttemptResult failed(FailureClass failureClass) {
        return dispatch().failed(failureClass, "HTTP 503", BigDecimal.ZERO, 10, NOW);
    }

    private static AttemptResult succeeded() {
        return dispatch().succeeded(List.of(), BigDecimal.ONE, 10, NOW);
    }

    private static AttemptDispatched dispatch() {
        JobRequested job = JobRequested.create("j-1", "acme", null, Operation.TEXT_TO_IMAGE, "a lighthouse",
                ImageParams.defaults(), null, NOW);
        return new AttemptDispatched(SCHEMA_VERSION, "d-1", "j-1", NOW, 1, "alpha", "gpt-image-2", "test", null, job,
                List.of(), null, List.of(), null, null);
    }
}
