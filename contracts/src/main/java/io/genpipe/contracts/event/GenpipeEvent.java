package io.genpipe.contracts.event;

import java.time.Instant;

/**
 * Every genpipe event carries the same envelope: a unique event id (consumers de-duplicate on it), when it
 * happened, and the schema version of its shape. Fields are added compatibly (readers ignore fields they do
 * not know); a breaking change gets a new version and a new topic ({@code .v2}).
 */
public sealed interface GenpipeEvent permits JobEvent, ProviderHealth, ModelLifecycleReported, ProviderSettings,
        SystemHealthReported, SpendSnapshot, AlertEvent, ProviderSettingsChanged, AttemptProgressed {

    /** The version this build writes. */
    int SCHEMA_VERSION = 1;

    int schemaVersion();

    String eventId();

    Instant occurredAt();
}
