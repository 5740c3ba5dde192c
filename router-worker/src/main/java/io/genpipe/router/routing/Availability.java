package io.genpipe.router.routing;

import io.genpipe.messaging.health.ProviderHealthView;
import io.genpipe.messaging.health.ProviderHealthView.ProviderStatus;
import io.genpipe.messaging.settings.ProviderSettingsView;
import io.genpipe.router.cooldown.CooldownView;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Optional;

/**
 * Whether a provider's model may take work now, from the three things that change at runtime: the operators'
 * settings (disabled), the workers' health reports (DOWN, or UNKNOWN when no live worker speaks), and the router
 * group's cooldowns. Each can pass, so a job held up only by these waits for them.
 */
@Component
public class Availability {

    private final ProviderSettingsView settings;
    private final ProviderHealthView health;
    private final CooldownView cooldowns;

    public Availability(ProviderSettingsView settings, ProviderHealthView health, CooldownView cooldowns) {
        this.settings = settings;
        this.health = health;
        this.cooldowns = cooldowns;
    }

    /**
     * Why the model may not take work now; empty when it may.
     *
     * @param claim a real decision: when the provider is probing after a cooldown, this call takes the one probe
     */
    public Optional<Unavailable> check(String provider, String model, Instant now, boolean claim) {
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
        // Last: a real decision claims a probing provider's probe here, and nothing after this may refuse the model.
        return cooldowns.unavailable(provider, now, claim)
                .map(why -> new Unavailable("cooling-down", provider + " is " + why));
    }

    /**
     * @param cause  the metric tag: disabled, down, unknown, cooling-down
     * @param reason in words, naming the provider
     */
    public record Unavailable(String cause, String reason) {
    }
}
