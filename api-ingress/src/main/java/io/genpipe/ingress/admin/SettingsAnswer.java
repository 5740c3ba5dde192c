package io.genpipe.ingress.admin;

import io.genpipe.contracts.event.ProviderSettings;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A provider's settings in force, as the admin API shows and exports them. A PUT takes the same members back; the
 * ones the server decides ({@code version}, {@code changedBy}, {@code changedAt}, {@code source}) are ignored there.
 *
 * @param version   the settings version, also the {@code ETag}: 0 for settings never changed
 * @param changedBy the admin key's id that made this version; {@code null} for the catalog's defaults
 * @param source    {@code operator} when an admin's record is in force, {@code catalog} for the catalog's defaults
 */
record SettingsAnswer(String provider, boolean enabled, List<String> disabledModels, String reason, Integer priority,
                      Double weight, ProviderSettings.Cooldown cooldown,
                      Map<String, Integer> defaultSteps,
                      Map<String, Map<String, ProviderSettings.PresetChoice>> presets, long version,
                      String changedBy, Instant changedAt, String source) {

    static SettingsAnswer of(SettingsInForce state) {
        ProviderSettings settings = state.settings();
        if (settings == null) {
            return new SettingsAnswer(state.provider(), true, List.of(), "", null, null, null, Map.of(), Map.of(),
                    state.version(), null, null, "catalog");
        }
        return new SettingsAnswer(state.provider(), settings.enabled(), settings.disabledModels(), settings.reason(),
                settings.priority(), settings.weight(), settings.cooldown(), settings.defaultSteps(),
                settings.presets(), state.version(), settings.changedBy(), settings.occurredAt(), "operator");
    }
}
