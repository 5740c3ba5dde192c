package io.genpipe.ingress.admin;

import io.genpipe.contracts.json.MessageFormatException;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Body of {@code POST /v1/admin/settings/import}: the settings wanted per provider, as an export writes them (its other
 * members are ignored). Providers it does not name are left as they are.
 */
record SettingsImport(Map<String, SettingsChange> providers) {

    SettingsImport {
        if (providers == null || providers.isEmpty()) {
            throw MessageFormatException.missing("providers");
        }
        for (Map.Entry<String, SettingsChange> entry : providers.entrySet()) {
            if (entry.getValue() == null) {
                throw MessageFormatException.invalid("providers." + entry.getKey(), "must be the provider's settings");
            }
        }
        providers = Collections.unmodifiableMap(new LinkedHashMap<>(providers));
    }
}
