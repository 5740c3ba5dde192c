package io.genpipe.catalog;

import io.genpipe.contracts.catalog.Catalog;
import io.genpipe.contracts.catalog.ModelRef;
import io.genpipe.contracts.event.Operation;
import io.genpipe.contracts.event.ProviderSettings.PresetChoice;
import io.genpipe.contracts.event.RoutingRequest.Preset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Seed 004's quality presets with the operators' choices in place of the catalog's ({@code ProviderSettings.presets}).
 * Each provider speaks for its own part of a level only: its catalog entries there are replaced by the one model it
 * chose, at the place of the first of them (at the end when it had none), or removed when it chose none. The other
 * providers' entries, and the levels it says nothing of, stay as the catalog has them.
 *
 * <p>A choice naming a model the catalog does not list for the provider is left out with a warning: the admin API
 * refuses such a change, so only a record from elsewhere (another catalog) can hold one, and it must not take the
 * catalog down.
 */
final class PresetOverrides {

    private static final Logger log = LoggerFactory.getLogger(PresetOverrides.class);

    private PresetOverrides() {
    }

    /**
     * @param byProvider provider to its choices: operation to level to choice (wire names, as the contract has them)
     */
    static Catalog apply(Catalog catalog, Map<String, Map<String, Map<String, PresetChoice>>> byProvider) {
        if (byProvider.isEmpty()) {
            return catalog;
        }
        Map<Operation, Map<Preset, List<Catalog.PresetStep>>> presets = catalog.presetSteps();
        byProvider.forEach((provider, operations) -> operations.forEach((operationName, levels) -> {
            Optional<Operation> operation = Operation.fromWireName(operationName);
            levels.forEach((levelName, choice) -> {
                Optional<Preset> level = Preset.fromWireName(levelName);
                if (operation.isEmpty() || level.isEmpty()) {
                    return; // the contract refuses both; a record of a newer contract may know more
                }
                Map<Preset, List<Catalog.PresetStep>> byLevel =
                        presets.computeIfAbsent(operation.get(), o -> new EnumMap<>(Preset.class));
                List<Catalog.PresetStep> steps = byLevel.getOrDefault(level.get(), List.of());
                byLevel.put(level.get(), replaced(catalog, steps, provider, choice, operationName, levelName));
            });
        }));
        presets.values().forEach(byLevel -> byLevel.values().removeIf(List::isEmpty));
        return catalog.withPresets(presets);
    }

    private static List<Catalog.PresetStep> replaced(Catalog catalog, List<Catalog.PresetStep> steps, String provider,
                                                     PresetChoice choice, String operation, String level) {
        List<Catalog.PresetStep> kept = new ArrayList<>();
        int place = -1;
        for (Catalog.PresetStep step : steps) {
            if (step.ref().provider().equals(provider)) {
                place = place < 0 ? kept.size() : place;
            } else {
                kept.add(step);
            }
        }
        if (choice.model() == null) {
            return List.copyOf(kept);
        }
        ModelRef ref = new ModelRef(provider, choice.model());
        if (catalog.entry(ref).isEmpty()) {
            log.warn("preset {} of {}: {} is not in the catalog; {} keeps the catalog's entries there", level,
                    operation, ref, provider);
            return steps;
        }
        kept.add(place < 0 ? kept.size() : place, new Catalog.PresetStep(ref, choice.steps()));
        return List.copyOf(kept);
    }
}
