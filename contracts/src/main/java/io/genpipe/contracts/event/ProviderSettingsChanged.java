package io.genpipe.contracts.event;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.genpipe.contracts.json.MessageFormatException;

import java.time.Instant;

/**
 * An audit record: an admin changed a provider's runtime settings, on {@code genpipe.admin-audit.v1} (not compacted,
 * keyed by provider, so every change stays, in order). The settings topic keeps only what is in force; this keeps who
 * changed what and when, with the settings before and after.
 *
 * @param changedBy the admin API key's id (never the key)
 * @param version   the provider's settings version this change made
 * @param before    the settings in force before; {@code null} when they were the catalog's defaults
 * @param after     the settings published; {@code null} when the change returned the provider to the catalog's
 *                  defaults (a tombstone on the settings topic)
 */
public record ProviderSettingsChanged(
        int schemaVersion,
        String eventId,
        Instant occurredAt,
        String provider,
        Action action,
        String changedBy,
        long version,
        ProviderSettings before,
        ProviderSettings after) implements GenpipeEvent {

    public ProviderSettingsChanged {
        Require.knownVersion(schemaVersion);
        Require.text(eventId, "eventId");
        Require.present(occurredAt, "occurredAt");
        Require.text(provider, "provider");
        Require.present(action, "action");
        Require.text(changedBy, "changedBy");
        if (version < 1) {
            throw MessageFormatException.invalid("version", "must be at least 1, was " + version);
        }
        if ((after == null) != (action == Action.RESET)) {
            throw MessageFormatException.invalid("after", action == Action.RESET
                    ? "a reset publishes no settings, so has none after" : "is required unless the action is reset");
        }
        for (ProviderSettings side : new ProviderSettings[]{before, after}) {
            if (side != null && !side.provider().equals(provider)) {
                throw MessageFormatException.invalid(side == before ? "before.provider" : "after.provider",
                        "must be " + provider + ", was " + side.provider());
            }
        }
    }

    /** How the settings were changed. */
    public enum Action {
        /** {@code PUT /v1/admin/providers/{provider}/settings} */
        @JsonProperty("updated") UPDATED,
        /** {@code DELETE}: back to the catalog's defaults */
        @JsonProperty("reset") RESET,
        /** one provider of {@code POST /v1/admin/settings/import} */
        @JsonProperty("imported") IMPORTED;

        /** As on the wire and in metric tags. */
        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
