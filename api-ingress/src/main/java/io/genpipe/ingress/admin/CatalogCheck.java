package io.genpipe.ingress.admin;

import io.genpipe.contracts.catalog.Catalog;
import io.genpipe.contracts.catalog.CatalogProvider;

import java.util.List;

/**
 * What only the catalog can say about a settings change: whether the provider exists, and whether the models it
 * disables are that provider's. The shape of the change (a weight below 0, a missing {@code enabled}) is the body's
 * own check, a 400; these are 404 and 422.
 */
final class CatalogCheck {

    private CatalogCheck() {
    }

    /** @throws UnknownProviderException when the catalog has no such provider */
    static CatalogProvider provider(Catalog catalog, String provider) {
        return catalog.provider(provider).orElseThrow(() -> new UnknownProviderException(provider,
                List.copyOf(catalog.providers().keySet())));
    }

    /**
     * @param field the change's place in the request: empty for a PUT's body, {@code providers.fal} in an import
     * @throws SettingsRefusedException naming the first disabled model the provider does not have
     */
    static void models(CatalogProvider provider, SettingsChange change, String field) {
        List<String> models = change.disabledModels();
        for (int i = 0; i < models.size(); i++) {
            if (provider.model(models.get(i)).isEmpty()) {
                throw new SettingsRefusedException(join(field, "disabledModels[" + i + "]"),
                        provider.name() + " has no model " + models.get(i) + "; its models: "
                                + String.join(", ", provider.models().keySet()));
            }
        }
    }

    static String join(String parent, String field) {
        return parent.isEmpty() ? field : parent + "." + field;
    }
}
