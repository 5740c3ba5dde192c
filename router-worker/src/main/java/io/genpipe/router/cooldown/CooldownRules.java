package io.genpipe.router.cooldown;

import io.genpipe.contracts.event.AttemptResult;
import io.genpipe.contracts.event.AttemptFailed;
import io.genpipe.contracts.event.FailureClass;
import io.genpipe.contracts.event.ProviderSettings;
import io.genpipe.router.cooldown.ProviderCooldown.State;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/**
 * Seed 003's rules, as a pure function of a provider's standing and one attempt result:
 * <ul>
 *   <li>{@code failures} consecutive provider failures (RETRYABLE, RATE_LIMITED, TIMEOUT) start a cooldown;</li>
 *   <li>credit exhaustion starts one at once; like every cooldown it ends (someone may pay meanwhile);</li>
 *   <li>a provider failure during a cooldown extends it to now + duration, and never shortens it;</li>
 *   <li>after the cooldown the provider is PROBING: the first result decides, a success (or any answer that is the
 *   job's fault, not the provider's) makes it AVAILABLE, a provider failure starts a new cooldown;</li>
 *   <li>a success resets the count.</li>
 * </ul>
 * Content rejections and invalid requests are the job's fault and never count against a provider; an internal error
 * (a worker's bug) is nobody's verdict on it and changes nothing, though the job is re-routed like a RETRYABLE one.
 */
public final class CooldownRules {

    private final CooldownSettings settings;
    private final Function<String, Optional<ProviderSettings>> operators;

    /** The configured rules only. */
    public CooldownRules(CooldownSettings settings) {
        this(settings, provider -> Optional.empty());
    }

    /**
     * @param operators the operators' runtime settings per provider: a {@link ProviderSettings#cooldown} there
     *                  replaces the configured rule, from the next result on
     */
    public CooldownRules(CooldownSettings settings, Function<String, Optional<ProviderSettings>> operators) {
        this.settings = settings;
        this.operators = operators;
    }

    /** The rule in force for the provider: the operators' where they set one, the configured one otherwise. */
    public CooldownSettings.Rule rule(String provider) {
        CooldownSettings.Rule configured = settings.rule(provider);
        return operators.apply(provider).map(ProviderSettings::cooldown)
                .map(own -> new CooldownSettings.Rule(own.failures() != null ? own.failures() : configured.failures(),
                        own.seconds() != null ? Duration.ofSeconds(own.seconds()) : configured.duration()))
                .orElse(configured);
    }

    public ProviderCooldown apply(ProviderCooldown before, AttemptResult result, Instant now) {
        String provider = result.provider();
        ProviderCooldown current = before != null ? before : ProviderCooldown.available(provider, now);
        if (result instanceof AttemptFailed internal && internal.failureClass() == FailureClass.INTERNAL_ERROR) {
            return afterInternalError(current, internal, now);
        }
        CooldownSettings.Rule rule = rule(provider);
        if (!(result instanceof AttemptFailed failed) || !isProvidersFault(failed.failureClass())) {
            return current.state() == State.COOLING
                    ? new ProviderCooldown(provider, State.COOLING, 0, current.until(), current.since(),
                            current.reason()) // a late success does not end a cooldown early
                    : ProviderCooldown.available(provider, current.state() == State.AVAILABLE ? current.since() : now);
        }
        int failures = current.consecutiveFailures() + 1;
        String what = failed.failureClass() + ": " + failed.reason();
        // Neither spent credits nor a rejected key mend by themselves: one such answer cools the provider down.
        boolean creditGone = failed.failureClass() == FailureClass.CREDIT_EXHAUSTED;
        boolean keyRejected = failed.failureClass() == FailureClass.AUTH_FAILED;
        Instant extended = now.plus(rule.duration());
        switch (current.state()) {
            case COOLING -> {
                Instant until = extended.isAfter(current.until()) ? extended : current.until();
                return new ProviderCooldown(provider, State.COOLING, failures, until, current.since(),
                        current.reason());
            }
            case PROBING -> {
                return new ProviderCooldown(provider, State.COOLING, failures, extended, now,
                        "the probe after a cooldown failed, " + what);
            }
            default -> {
                if (creditGone || keyRejected) {
                    return new ProviderCooldown(provider, State.COOLING, failures, extended, now,
                            (creditGone ? "credit exhausted, " : "key or configuration rejected, ") + what);
                }
                if (failures >= rule.failures()) {
                    return new ProviderCooldown(provider, State.COOLING, failures, extended, now,
                            failures + " consecutive failures, last " + what);
                }
                return new ProviderCooldown(provider, State.AVAILABLE, failures, null, current.since(), "");
            }
        }
    }

    /**
     * A worker's bug says nothing about the provider: its count, cooldown and availability stay as they were. A probe
     * that ended so told nothing either, so a new probing period starts, and with it a new probe (the old period's
     * probe is spent).
     */
    private static ProviderCooldown afterInternalError(ProviderCooldown current, AttemptFailed failed, Instant now) {
        if (current.state() != State.PROBING) {
            return current;
        }
        return new ProviderCooldown(current.provider(), State.PROBING, current.consecutiveFailures(), null, now,
                "the probe ended in a worker's internal error (" + failed.reason() + "); probing again");
    }

    /** A cooldown whose time is up becomes a probe; anything else stays as it is. */
    public ProviderCooldown expire(ProviderCooldown current, Instant now) {
        if (current.state() != State.COOLING || now.isBefore(current.until())) {
            return current;
        }
        return new ProviderCooldown(current.provider(), State.PROBING, current.consecutiveFailures(), null, now,
                "cooled down since " + current.until() + " (" + current.reason() + "); probing with one job");
    }

    private static boolean isProvidersFault(FailureClass failureClass) {
        return failureClass.anotherProviderMayFix();
    }
}
