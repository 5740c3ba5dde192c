package io.genpipe.router.cooldown;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.Map;

/**
 * When a provider is taken out of routing for a while (seed 003's rules), by default and per provider.
 *
 * @param failures  consecutive provider failures (RETRYABLE, RATE_LIMITED, TIMEOUT) that start a cooldown
 * @param duration  how long a cooldown lasts; a failure during one extends it to now + duration, never shortens it
 * @param providers per-provider rules, keyed by provider name; a provider not listed has the defaults
 */
@ConfigurationProperties("genpipe.routing.cooldown")
public record CooldownSettings(
        @DefaultValue("3") int failures,
        @DefaultValue("5m") Duration duration,
        Map<String, Rule> providers) {

    public CooldownSettings {
        providers = providers == null ? Map.of() : Map.copyOf(providers);
        new Rule(failures, duration); // validates the defaults
    }

    public static CooldownSettings defaults() {
        return new CooldownSettings(3, Duration.ofMinutes(5), Map.of());
    }

    /** The rule of one provider. */
    public Rule rule(String provider) {
        Rule own = providers.get(provider);
        return own == null ? new Rule(failures, duration)
                : new Rule(own.failures() > 0 ? own.failures() : failures,
                        own.duration() != null ? own.duration() : duration);
    }

    /** @param failures 0 or absent takes the default; likewise a null duration */
    public record Rule(int failures, Duration duration) {

        public Rule {
            if (failures < 0) {
                throw new IllegalArgumentException("genpipe.routing.cooldown failures must be at least 1");
            }
            if (duration != null && (duration.isNegative() || duration.isZero())) {
                throw new IllegalArgumentException("genpipe.routing.cooldown duration must be positive");
            }
        }
    }
}
