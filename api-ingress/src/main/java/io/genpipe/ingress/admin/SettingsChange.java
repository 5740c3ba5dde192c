package io.genpipe.ingress.admin;

import io.genpipe.contracts.event.ProviderSettings;
import io.genpipe.contracts.json.MessageFormatException;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Body of {@code PUT /v1/admin/providers/{provider}/settings}, and each provider of an import: the settings wanted, in
 * full (a member left out takes the catalog's default, except {@code enabled}, which must be said). What the server
 * decides ({@code version}, {@code changedBy}, {@code changedAt}) is not read from it: a body copied from a GET may
 * carry them, and they are ignored.
 *
 * @param enabled        false takes the provider out of routing
 * @param disabledModels models of the provider (the vendor's ids, as the catalog lists them) taken out of routing
 * @param reason         why, shown in dispatch reasons and job statuses; at most {@value #MAX_REASON} characters
 * @param priority       higher is tried first among the providers that qualify; absent is 0
 * @param weight         at least 0, multiplies the provider's policy score; absent is 1
 * @param cooldown       the provider's own cooldown rule; absent leaves the router's
 * @param defaultSteps   per model of the provider, the inference steps sent when neither the job nor its preset says
 * @param presets        the provider's part in the quality presets, per operation and level: the model it offers and
 *                       its steps, or no model to leave the level; levels left out keep the catalog's
 */
record SettingsChange(Boolean enabled, List<String> disabledModels, String reason, Integer priority, Double weight,
                      ProviderSettings.Cooldown cooldown, Map<String, Integer> defaultSteps,
                      Map<String, Map<String, ProviderSettings.PresetChoice>> presets) {

    static final int MAX_REASON = 500;

    /** The catalog's defaults, as a change would say them. */
    static final SettingsChange DEFAULTS = new SettingsChange(true, List.of(), "", null, null, null, Map.of(),
            Map.of());

    SettingsChange {
        if (enabled == null) {
            throw MessageFormatException.missing("enabled");
        }
        // Checked before List.copyOf, which refuses a null element with a NullPointerException (a 500 otherwise).
        List<String> asked = disabledModels == null ? List.of() : disabledModels;
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < asked.size(); i++) {
            String model = asked.get(i);
            if (model == null) {
                throw MessageFormatException.invalid("disabledModels[" + i + "]", "must be a model id, was null");
            }
            if (model.isBlank()) {
                throw MessageFormatException.invalid("disabledModels[" + i + "]", "must not be blank");
            }
            if (!seen.add(model)) {
                throw MessageFormatException.invalid("disabledModels[" + i + "]", "lists " + model + " twice");
            }
        }
        disabledModels = List.copyOf(asked);
        reason = reason == null ? "" : reason.strip();
        if (reason.length() > MAX_REASON) {
            throw MessageFormatException.invalid("reason",
                    "at most " + MAX_REASON + " characters, was " + reason.length());
        }
        if (weight != null && (weight < 0 || weight.isInfinite() || weight.isNaN())) {
            throw MessageFormatException.invalid("weight", "must be a number of at least 0, was " + weight);
        }
        Map<String, Integer> steps = defaultSteps == null ? Map.of() : defaultSteps;
        steps.forEach((model, value) -> {
            if (value == null || value < 1) {
                throw MessageFormatException.invalid("defaultSteps." + model,
                        "must be a number of steps of at least 1, was " + value);
            }
        });
        defaultSteps = Map.copyOf(steps);
        Map<String, Map<String, ProviderSettings.PresetChoice>> levelsAsked = presets == null ? Map.of() : presets;
        // The API asks for {} to leave a level, where the contract reads a missing choice so: said, not guessed.
        levelsAsked.forEach((operation, levels) -> (levels == null ? Map.<String, ProviderSettings.PresetChoice>of()
                : levels).forEach((level, choice) -> {
                    if (choice == null) {
                        throw MessageFormatException.invalid("presets." + operation + "." + level,
                                "must be {\"model\": ..., \"steps\": ...}, or {} to leave the preset, was null");
                    }
                }));
        presets = ProviderSettings.checkedPresets(levelsAsked);
    }

    /** What the settings in force say, as a change; the catalog's defaults for none. */
    static SettingsChange of(ProviderSettings settings) {
        if (settings == null) {
            return DEFAULTS;
        }
        return new SettingsChange(settings.enabled(), settings.disabledModels(), settings.reason(), settings.priority(),
                settings.weight(), settings.cooldown(), settings.defaultSteps(), settings.presets());
    }

    /** Whether applying this would change what the settings in force say (an import skips what it would not). */
    boolean differsFrom(ProviderSettings settings) {
        return !equals(of(settings));
    }
}
