package io.genpipe.sink.webhooks;

import java.time.Instant;
import java.util.UUID;

/**
 * A delivery claimed for one attempt.
 *
 * @param attempt which attempt this is, 1 for the first
 * @param body    the outcome as recorded; the bytes signed and sent
 */
record Delivery(String jobId, UUID deliveryId, String eventId, String callbackUrl, String body, int attempt,
                Instant createdAt) {

    /** Never the URL's path or query, nor the body. */
    @Override
    public String toString() {
        return "Delivery[jobId=" + jobId + ", deliveryId=" + deliveryId + ", attempt=" + attempt + "]";
    }
}
