package io.genpipe.router.routing;

import io.genpipe.contracts.event.BudgetPeriod;
import io.genpipe.contracts.event.ProviderSettings;
import io.genpipe.contracts.event.SpendScope;
import io.genpipe.contracts.event.SpendSnapshot;
import io.genpipe.messaging.health.ProviderHealthView.ProviderStatus;
import io.genpipe.messaging.health.ProviderHealthView;
import io.genpipe.messaging.settings.ProviderSettingsView;
import io.genpipe.messaging.spend.SpendView;
import io.genpipe.router.cooldown.CooldownView;
import io.genpipe.router.observed.Observations;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Whether a provider's model may take work now, from the things that change at runtime: the operators' settings
 * (disabled), the workers' health reports (DOWN, or UNKNOWN when no live worker speaks), the router group's cooldowns,
 * and the provider's budget as the results sink counts its spend. The first three can pass, so a job held up only by
 * them waits for them; a spent budget lasts to the end of its day or month, so its jobs go elsewhere instead. It also
 * serves what the policies read of the same runtime inputs: the operators' priority and weight, and the workers'
 * backlog.
 */
@Component
public class Availability {

    private final ProviderSettingsView settings;
    private final ProviderHealthView health;
    private final CooldownView cooldowns;
    private final Observations observations;
    private final SpendView spend;

    /** Without observations (the catalog's latencies serve, no success rate is known) or budgets. */
    public Availability(ProviderSettingsView settings, ProviderHealthView health, CooldownView cooldowns) {
        this(settings, health, cooldowns, new Observations(), new SpendView());
    }

    @Autowired
    public Availability(ProviderSettingsView settings, ProviderHealthView health, CooldownView cooldowns,
                        Observations observations, SpendView spend) {
        this.settings = settings;
        this.health = health;
        this.cooldowns = cooldowns;
        this.observations = observations;
        this.spend = spend;
    }

    /** What this instance observed of the model's latency and success lately; empty until enough results are in. */
    public Optional<Observations.Observed> observed(String provider, String model) {
        return observations.of(provider, model);
    }

    /**
     * Why the model may not take work now; empty when it may. A probing provider whose probe is free is available
     * here: looking never takes the probe ({@link #claimProbe}).
     */
    public Optional<Unavailable> check(String provider, String model, Instant now) {
        Optional<String> disabled = settings.refuses(provider, model);
        if (disabled.isPresent()) {
            return Optional.of(new Unavailable("disabled", disabled.get()));
        }
        ProviderStatus status = health.status(provider, now);
        if (status.status() != ProviderStatus.Status.UP) {
            boolean down = status.isDown();
            return Optional.of(new Unavailable(down ? "down" : "unknown",
                    provider + (down ? " is down (" : " is unknown (") + status.reason() + ")"));
        }
        Optional<Unavailable> cooling = cooldowns.unavailable(provider, now, false)
                .map(why -> new Unavailable("cooling-down", provider + " is " + why));
        return cooling.isPresent() ? cooling : overBudget(provider, now);
    }

    /**
     * A provider whose day's or month's budget the sink has seen spent. What the sink counts is what was billed;
     * attempts in flight add to it, so a provider a whisker under its budget may end a little over it (the tenant
     * budgets reserve in flight, {@code BudgetProcessor}; the providers' are a ceiling on what was billed).
     */
    private Optional<Unavailable> overBudget(String provider, Instant now) {
        for (BudgetPeriod period : BudgetPeriod.values()) {
            Optional<SpendSnapshot> spent = spend.budgeted(SpendScope.PROVIDER, provider, period, now)
                    .filter(snapshot -> snapshot.spentUsd().compareTo(snapshot.budgetUsd()) >= 0);
            if (spent.isPresent()) {
                SpendSnapshot snapshot = spent.get();
                return Optional.of(new Unavailable("over-budget", provider + "'s budget of $"
                        + snapshot.budgetUsd().stripTrailingZeros().toPlainString() + " for the " + period.wireName()
                        + " of " + snapshot.periodStart() + " is spent: $"
                        + snapshot.spentUsd().stripTrailingZeros().toPlainString() + " billed"));
            }
        }
        return Optional.empty();
    }

    /**
     * For the candidate a real decision chose: takes a probing provider's one probe (atomically, across stream
     * threads), or says why it is out; empty for a provider that is not probing. Only the cooldown can have changed
     * since {@link #check}, within one decision.
     */
    public Optional<Unavailable> claimProbe(String provider, Instant now) {
        return cooldowns.unavailable(provider, now, true)
                .map(why -> new Unavailable("cooling-down", provider + " is " + why));
    }

    /** The calls in flight at the provider's live workers, for load-aware policies; empty when none says. */
    public OptionalInt backlog(String provider, Instant now) {
        return health.inFlight(provider, now);
    }

    /**
     * Whether the provider's live workers say no call could start now within its account's limits: a job sent there
     * waits its turn at the worker. False when they do not say (no limits known).
     */
    public boolean saturated(String provider, Instant now) {
        OptionalInt headroom = health.headroom(provider, now);
        return headroom.isPresent() && headroom.getAsInt() == 0;
    }

    /** The operators' priority for the provider: higher is tried first among those that qualify; 0 by default. */
    /** The steps an operator set for the model when neither the job nor its preset says; empty for the vendor's. */
    public Optional<Integer> defaultSteps(String provider, String model) {
        return settings.of(provider).flatMap(set -> set.defaultStepsOf(model));
    }

    public int priority(String provider) {
        return settings.of(provider).map(ProviderSettings::priorityOrDefault).orElse(0);
    }

    /** The operators' factor on the provider's policy score; 1 by default. */
    public double weight(String provider) {
        return settings.of(provider).map(ProviderSettings::weightOrDefault).orElse(1.0);
    }

    /** Whether a candidate passed over for this cause may come back by itself, so that its job may wait for it. */
    public static boolean isTransient(String cause) {
        return switch (cause) {
            case "disabled", "down", "unknown", "cooling-down" -> true;
            default -> false;
        };
    }

    /**
     * @param cause  the metric tag: disabled, down, unknown, cooling-down, over-budget
     * @param reason in words, naming the provider
     */
    public record Unavailable(String cause, String reason) {
    }
}
