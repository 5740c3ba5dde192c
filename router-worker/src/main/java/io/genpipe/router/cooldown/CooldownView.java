package io.genpipe.router.cooldown;

import io.genpipe.router.cooldown.ProviderCooldown.State;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every provider's cooldown as the router group decided it, read from {@code genpipe.router.cooldowns.v1} in every
 * router instance. A PROBING provider takes one job at a time from this instance: the first dispatch claims the
 * probe, and the probe's result ends the PROBING period (the provider's next state comes back on the topic). That
 * claim then goes to the provider's one owner ({@code CooldownProcessor}), which grants one for the whole group.
 */
public class CooldownView {

    private final Map<String, ProviderCooldown> byProvider = new ConcurrentHashMap<>();
    /** Provider → the PROBING period ({@code since}) whose probe this instance has sent. */
    private final Map<String, Instant> probesSent = new ConcurrentHashMap<>();

    public void record(ProviderCooldown cooldown) {
        byProvider.put(cooldown.provider(), cooldown);
    }

    public void forget(String provider) {
        byProvider.remove(provider);
    }

    /** Why the provider may not be dispatched to now; empty when it may. {@code claim} takes the probe if it is one. */
    public Optional<String> unavailable(String provider, Instant now, boolean claim) {
        ProviderCooldown cooldown = byProvider.get(provider);
        if (cooldown == null || cooldown.state() == State.AVAILABLE) {
            return Optional.empty();
        }
        if (cooldown.state() == State.COOLING) {
            return Optional.of("cooling down until " + cooldown.until() + " (" + cooldown.reason() + ")");
        }
        if (cooldown.probe() != null) {
            // The group's owner of the standing granted it (to this instance or another): no claim could get it.
            return Optional.of("probing after a cooldown, one job at a time; the probe is out");
        }
        // put's return value makes the claim atomic: two stream threads cannot both take one probe.
        Instant sent = claim ? probesSent.put(provider, cooldown.since()) : probesSent.get(provider);
        if (cooldown.since().equals(sent)) {
            return Optional.of("probing after a cooldown, one job at a time; the probe is out");
        }
        return Optional.empty();
    }

    public Optional<ProviderCooldown> of(String provider) {
        return Optional.ofNullable(byProvider.get(provider));
    }
}
