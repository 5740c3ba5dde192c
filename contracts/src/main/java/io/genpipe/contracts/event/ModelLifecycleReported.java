package io.genpipe.contracts.event;

import java.time.Instant;
import java.time.LocalDate;

/**
 * What a vendor itself says about one of its models' lifecycle, on {@code genpipe.model-lifecycle.v1} (compacted,
 * keyed {@code provider/model}). OpenAI publishes {@code shutdown_date} on {@code GET /v1/models}; the provider's
 * worker reads it periodically and reports it here, so every service's catalog learns a shutdown without a
 * redeploy.
 *
 * @param shutdownOn the vendor's shutdown date; {@code null} when the vendor names none (which does not erase a
 *                   date the catalog knows from elsewhere)
 * @param source     where it was read, e.g. {@code GET /v1/models}
 */
public record ModelLifecycleReported(
        int schemaVersion,
        String eventId,
        Instant occurredAt,
        String provider,
        String model,
        LocalDate shutdownOn,
        String source) implements GenpipeEvent {

    public ModelLifecycleReported {
        Require.knownVersion(schemaVersion);
        Require.text(eventId, "eventId");
        Require.present(occurredAt, "occurredAt");
        Require.text(provider, "provider");
        Require.text(model, "model");
        source = source == null ? "" : source;
    }

    /** The record key on the lifecycle topic. */
    public String key() {
        return provider + "/" + model;
    }
}
