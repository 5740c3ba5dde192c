package io.genpipe.contracts.event;

import java.time.Instant;
import java.util.List;
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
 */
public record ProviderSettings(
        int schemaVersion,
        String eventId,
        Instant occurredAt,
        String provider,
        boolean enabled,
        List<String> disabledModels,
        String reason,
        String changedBy) implements GenpipeEvent {

    public ProviderSettings {
        Require.knownVersion(schemaVersion);
        Require.text(eventId, "eventId");
        Require.present(occurredAt, "occurredAt");
        Require.text(provider, "provider");
        disabledModels = Require.listOrEmpty(disabledModels);
        reason = reason == null ? "" : reason;
        changedBy = changedBy == null ? "" : changedBy;
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
