package io.genpipe.worker.provider;

import io.genpipe.contracts.catalog.CatalogProvider;

import java.util.Objects;

/**
 * A provider this instance runs a worker group for: its name (which keys its topic, breaker and health), what the
 * catalog says about it, this service's settings for it, and its key as resolved at start-up.
 */
public record ServedProvider(String name, CatalogProvider catalog, ProviderSettings settings, ApiKey apiKey) {

    public ServedProvider {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(catalog, "catalog");
        settings = settings == null ? ProviderSettings.DEFAULTS : settings;
        Objects.requireNonNull(apiKey, "apiKey");
    }

    /** Names what it is and where it points; never the key, and not the whole model list. */
    @Override
    public String toString() {
        return "ServedProvider[name=" + name + ", adapter=" + catalog.adapter() + ", baseUrl=" + catalog.baseUrl()
                + ", models=" + catalog.models().keySet() + ", apiKey=" + apiKey + ", settings=" + settings + "]";
    }
}
