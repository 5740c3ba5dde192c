package io.genpipe.ingress.admin;

import io.genpipe.contracts.event.ProviderSettings;

/**
 * One provider's settings as the settings topic holds them now.
 *
 * @param settings the record in force; {@code null} for the catalog's defaults (no record, or a tombstone)
 * @param version  the version in force: the record's, or for a tombstone one more than the record it deleted; 0 when
 *                 the provider's settings were never changed
 * @param offset   where on its partition this state was read; -1 for a provider never seen
 */
record SettingsInForce(String provider, ProviderSettings settings, long version, long offset) {

    static SettingsInForce defaults(String provider) {
        return new SettingsInForce(provider, null, 0, -1);
    }

    boolean isDefault() {
        return settings == null;
    }

    /** The version the next change makes. */
    long nextVersion() {
        return version + 1;
    }
}
