package io.genpipe.worker.journal;

import java.time.Instant;
import java.util.Objects;

/**
 * One call to a vendor, as the journal records it.
 *
 * @param firstImage the call's first image within the attempt: names the call among an attempt's split calls
 * @param requestId  the queue vendor's request id (fal's {@code request_id}); {@code null} for a synchronous call,
 *                   which cannot be resumed
 * @param instance   the worker instance that made it
 * @param startedAt  when it was sent or accepted
 */
public record JournaledCall(int firstImage, String requestId, String instance, Instant startedAt) {

    public JournaledCall {
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(startedAt, "startedAt");
    }

    public boolean resumable() {
        return requestId != null;
    }
}
