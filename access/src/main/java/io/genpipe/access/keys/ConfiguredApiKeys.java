package io.genpipe.access.keys;

import io.genpipe.access.AccessSettings;
import io.genpipe.access.Caller;

import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The keys of {@code genpipe.access.keys}, held by hash. */
public final class ConfiguredApiKeys implements ApiKeys {

    private final Map<String, Caller> byHash;

    public ConfiguredApiKeys(AccessSettings settings) {
        this.byHash = settings.keys().stream().collect(Collectors.toUnmodifiableMap(
                AccessSettings.ConfiguredKey::sha256, key -> new Caller(key.id(), key.tenant(), key.role())));
    }

    @Override
    public Optional<Caller> find(String sha256) {
        return Optional.ofNullable(byHash.get(sha256));
    }

    @Override
    public String toString() {
        return "ConfiguredApiKeys[" + byHash.size() + " keys]";
    }
}
