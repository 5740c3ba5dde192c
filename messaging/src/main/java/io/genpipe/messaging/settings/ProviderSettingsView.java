package io.genpipe.messaging.settings;

import io.genpipe.contracts.event.ProviderSettings;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The operators' runtime settings in force, per provider, as read from the compacted settings topic. A provider
 * with no record has the catalog's defaults: enabled, every model in.
 */
public class ProviderSettingsView {

    private final Map<String, ProviderSettings> byProvider = new ConcurrentHashMap<>();

    /**
     * Keeps the newer of two records for a provider: the compacted topic may replay an older one. Newer is the higher
     * version when both have one, since two ingress instances' clocks may disagree by more than the time between two
     * changes; an equal version (two admins at once through two instances) lets the later record win, as compaction
     * does.
     */
    public void record(ProviderSettings settings) {
        byProvider.merge(settings.provider(), settings,
                (known, incoming) -> incoming.isOlderThan(known) ? known : incoming);
    }

    public void forget(String provider) {
        byProvider.remove(provider);
    }

    /** Why the operators keep this provider's model out of routing, in words naming it; empty when they do not. */
    public Optional<String> refuses(String provider, String model) {
        ProviderSettings settings = byProvider.get(provider);
        return settings == null ? Optional.empty() : settings.refuses(model);
    }

    public Optional<ProviderSettings> of(String provider) {
        return Optional.ofNullable(byProvider.get(provider));
    }
}
