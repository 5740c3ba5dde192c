package io.genpipe.worker.provider;

import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * What this service decides about one provider; everything else about it (adapter type, base URL, key variable,
 * limits, models, prices) is catalog data, under {@code genpipe.catalog.providers.<name>}. Adapter-specific
 * options live under {@code genpipe.workers.providers.<name>.options}, and each adapter binds its own.
 *
 * @param attemptTimeout a vendor call that has not ended by then is given up as TIMEOUT
 */
public record ProviderSettings(@DefaultValue("120s") Duration attemptTimeout) {

    /** A provider nothing is configured for. */
    public static final ProviderSettings DEFAULTS = new ProviderSettings(null);

    public ProviderSettings {
        attemptTimeout = attemptTimeout == null ? Duration.ofSeconds(120) : attemptTimeout;
        if (attemptTimeout.isNegative() || attemptTimeout.isZero()) {
            throw new IllegalArgumentException("attempt-timeout must be positive, was " + attemptTimeout);
        }
    }

    /** Where an adapter's own options are bound from. */
    public static String optionsPrefix(String provider) {
        return "genpipe.workers.providers." + provider + ".options";
    }
}
