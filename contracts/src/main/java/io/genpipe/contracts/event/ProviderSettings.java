package io.genpipe.contracts.event;

import io.genpipe.contracts.json.MessageFormatException;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An operator's runtime settings for one provider, on {@code genpipe.provider-settings.v1} (compacted, keyed by
 * provider; the ingress's admin API writes it). The latest record is in force, within a second, with no restart; a
 * tombstone returns the provider to the catalog's defaults.
 *
 * @param enabled        false takes the provider out of routing; jobs that have no other provider wait for it
 * @param disabledModels models of this provider taken out of routing (the vendor's ids), the provider staying in
 * @param reason         why, for the dispatch reasons and the job statuses ("vendor incident INC-123")
 * @param changedBy      who changed it (an operator or client id), for the audit trail; never a secret
 * @param priority       optional: among the providers that qualify for a job, a higher priority is tried first,
 *                       whatever the policy's scores; absent counts as 0
 * @param weight         optional, at least 0: the provider's policy score is multiplied by it (0.5 halves it, 0 makes
 *                       it a last resort); absent counts as 1
 * @param cooldown       optional: seed 003's cooldown rule for this provider, in place of the router's configured one
 * @param version        how many changes the provider's settings have had, this one included (1 for the first), so
 *                       that an admin can change them only if nobody else did meanwhile; 0 (or absent, in records
 *                       written before versions) for settings that were never versioned
 * @param defaultSteps   the inference steps sent to a model of this provider (the vendor's id) when neither the job
 *                       nor its preset says; a model not listed gets the vendor's own default
 * @param presets        this provider's part in seed 004's quality presets, in place of the catalog's: per operation
 *                       ({@code text-to-image}, ...) and level ({@code fast} ... {@code ultra}), the model it offers
 *                       and the steps to send it; a choice without a model takes the provider out of that preset.
 *                       Levels not listed keep the catalog's entries of this provider
 */
public record ProviderSettings(
        int schemaVersion,
        String eventId,
        Instant occurredAt,
        String provider,
        boolean enabled,
        List<String> disabledModels,
        String reason,
        String changedBy,
        Integer priority,
        Double weight,
        Cooldown cooldown,
        Long version,
        Map<String, Integer> defaultSteps,
        Map<String, Map<String, PresetChoice>> presets) implements GenpipeEvent {

    public ProviderSettings {
        Require.knownVersion(schemaVersion);
        Require.text(eventId, "eventId");
        Require.present(occurredAt, "occurredAt");
        Require.text(provider, "provider");
        disabledModels = Require.listOrEmpty(disabledModels);
        reason = reason == null ? "" : reason;
        changedBy = changedBy == null ? "" : changedBy;
        if (weight != null && (weight.isNaN() || weight < 0 || weight.isInfinite())) {
            throw MessageFormatException.invalid("weight",
                    "must be a number of at least 0, was " + weight);
        }
        // A Long, not a long: records written before versions have none, and the serde refuses a missing primitive.
        version = Require.notNegative(version == null ? 0L : version, "version");
        // Checked before Map.copyOf, which refuses a null value with a NullPointerException.
        (defaultSteps == null ? Map.<String, Integer>of() : defaultSteps).forEach((model, steps) -> {
            Require.text(model, "defaultSteps");
            Require.present(steps, "defaultSteps." + model);
            Require.positive(steps, "defaultSteps." + model);
        });
        defaultSteps = defaultSteps == null ? Map.of() : Map.copyOf(defaultSteps);
        presets = checkedPresets(presets);
    }

    /**
     * Preset choices as the contract keeps them, unmodifiable and in order, a missing choice out of its level.
     *
     * @throws MessageFormatException naming {@code presets.<operation>} or {@code presets.<operation>.<level>} when
     *                                it is not an operation, or not a preset
     */
    public static Map<String, Map<String, PresetChoice>> checkedPresets(Map<String, Map<String, PresetChoice>> asked) {
        Map<String, Map<String, PresetChoice>> levels = new LinkedHashMap<>();
        (asked == null ? Map.<String, Map<String, PresetChoice>>of() : asked).forEach((operation, byLevel) -> {
            if (Operation.fromWireName(operation).isEmpty()) {
                throw MessageFormatException.invalid("presets." + operation,
                        "is not an operation: text-to-image, image-edit or model-training");
            }
            Map<String, PresetChoice> choices = new LinkedHashMap<>();
            (byLevel == null ? Map.<String, PresetChoice>of() : byLevel).forEach((level, choice) -> {
                if (RoutingRequest.Preset.fromWireName(level).isEmpty()) {
                    throw MessageFormatException.invalid("presets." + operation + "." + level,
                            "is not a preset: fast, standard, high or ultra");
                }
                choices.put(level, choice == null ? PresetChoice.OUT : choice);
            });
            levels.put(operation, Collections.unmodifiableMap(choices));
        });
        return Collections.unmodifiableMap(levels);
    }

    /** Settings of the time before parameter defaults and presets could be set at runtime. */
    public ProviderSettings(int schemaVersion, String eventId, Instant occurredAt, String provider, boolean enabled,
                            List<String> disabledModels, String reason, String changedBy, Integer priority,
                            Double weight, Cooldown cooldown, Long version) {
        this(schemaVersion, eventId, occurredAt, provider, enabled, disabledModels, reason, changedBy, priority,
                weight, cooldown, version, Map.of(), Map.of());
    }

    /** Unversioned settings that only enable or disable: the catalog's priority and weight. */
    public ProviderSettings(int schemaVersion, String eventId, Instant occurredAt, String provider, boolean enabled,
                            List<String> disabledModels, String reason, String changedBy) {
        this(schemaVersion, eventId, occurredAt, provider, enabled, disabledModels, reason, changedBy, null, null,
                null, 0L, Map.of(), Map.of());
    }

    /**
     * Whether this record says less recent settings than {@code known}, of the same provider: by version when both
     * have one (clocks of two ingress instances may disagree; versions do not), else by when they were written.
     */
    public boolean isOlderThan(ProviderSettings known) {
        if (version > 0 && known.version() > 0) {
            return version < known.version();
        }
        return occurredAt.isBefore(known.occurredAt());
    }

    /**
     * How many consecutive provider failures start a cooldown and how long it lasts; either may be absent, leaving the
     * router's configured value.
     */
    public record Cooldown(Integer failures, Long seconds) {

        public Cooldown {
            if (failures != null && failures < 1) {
                throw MessageFormatException.invalid("failures", "must be at least 1, was " + failures);
            }
            if (seconds != null && seconds < 1) {
                throw MessageFormatException.invalid("seconds", "must be at least 1, was " + seconds);
            }
        }
    }

    /**
     * What this provider offers in one level of a quality preset, in place of its catalog entries there.
     *
     * @param model the vendor's model id; {@code null} takes the provider out of the level
     * @param steps the inference steps to send it; {@code null} for the job's, or the model's default
     */
    public record PresetChoice(String model, Integer steps) {

        /** Out of the level. */
        public static final PresetChoice OUT = new PresetChoice(null, null);

        public PresetChoice {
            if (model != null) {
                Require.text(model, "model");
            }
            if (steps != null) {
                Require.positive(steps, "steps");
            }
        }
    }

    /** The steps an operator set for this provider's model when the job and its preset say none; empty for none. */
    public Optional<Integer> defaultStepsOf(String model) {
        return Optional.ofNullable(defaultSteps.get(model));
    }

    /** The priority in force: 0 unless an operator set one. */
    public int priorityOrDefault() {
        return priority == null ? 0 : priority;
    }

    /** The weight in force: 1 unless an operator set one. */
    public double weightOrDefault() {
        return weight == null ? 1.0 : weight;
    }

    /**
     * Why this provider's model may not be routed to under these settings, naming them ("fal is disabled by an
     * operator (vendor incident)", "openai: gpt-image-2 disabled by an operator"); empty when it may.
     */
    public Optional<String> refuses(String model) {
        String why = reason.isEmpty() ? "" : " (" + reason + ")";
        if (!enabled) {
            return Optional.of(provider + " is disabled by an operator" + why);
        }
        if (disabledModels.contains(model)) {
            return Optional.of(provider + ": " + model + " disabled by an operator" + why);
        }
        return Optional.empty();
    }
}
