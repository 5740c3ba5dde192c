package io.genpipe.ingress.admin;

import io.genpipe.contracts.catalog.Capabilities;
import io.genpipe.contracts.catalog.Catalog;
import io.genpipe.contracts.catalog.CatalogModel;
import io.genpipe.contracts.catalog.CatalogProvider;
import io.genpipe.contracts.event.Operation;

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
        change.defaultSteps().forEach((model, steps) -> steps(provider, model, steps,
                join(field, "defaultSteps." + model)));
        change.presets().forEach((operationName, levels) -> levels.forEach((level, choice) -> {
            if (choice.model() == null) {
                return; // leaving a level needs no model
            }
            String at = join(field, "presets." + operationName + "." + level);
            Operation operation = Operation.fromWireName(operationName).orElseThrow();
            CatalogModel model = model(provider, choice.model(), at + ".model");
            if (!model.supports(operation)) {
                throw new SettingsRefusedException(at + ".model", provider.name() + ": " + model.id()
                        + " does not do " + operationName);
            }
            if (choice.steps() != null) {
                steps(provider, model.id(), choice.steps(), at + ".steps");
            }
        }));
    }

    /** The provider's model, or a 422 naming {@code field} and listing its models. */
    private static CatalogModel model(CatalogProvider provider, String id, String field) {
        return provider.model(id).orElseThrow(() -> new SettingsRefusedException(field, provider.name()
                + " has no model " + id + "; its models: " + String.join(", ", provider.models().keySet())));
    }

    /** Steps the model takes, within its range; a 422 naming {@code field} otherwise. */
    private static void steps(CatalogProvider provider, String id, int steps, String field) {
        CatalogModel model = model(provider, id, field);
        Capabilities.Range<Integer> range = model.capabilities().steps();
        if (range == null) {
            throw new SettingsRefusedException(field, provider.name() + ": " + id + " takes no steps");
        }
        if (!range.contains(steps)) {
            throw new SettingsRefusedException(field, provider.name() + ": " + id + " takes " + range
                    + " steps, not " + steps);
        }
    }

    static String join(String parent, String field) {
        return parent.isEmpty() ? field : parent + "." + field;
    }
}
