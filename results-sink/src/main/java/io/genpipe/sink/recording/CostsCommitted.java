package io.genpipe.sink.recording;

import java.time.LocalDate;
import java.util.Set;

/**
 * Told after a transaction that wrote attempt rows (and so costs) has committed, which provider and tenant days it
 * may have changed: the spend snapshots are computed from what the database then holds. Called on the recording
 * thread, once per transaction, never per event; it must be quick and must not throw (the {@link Recorder} logs and
 * swallows what it does throw, so a snapshot can never make the sink record an event twice or dead-letter it).
 */
@FunctionalInterface
public interface CostsCommitted {

    void committed(Set<BilledDay> days);

    /** One provider's attempts for one tenant, billed on one UTC day. */
    record BilledDay(String provider, String tenantId, LocalDate day) {
    }
}
