package io.genpipe.sink.webhooks;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A delivery claimed for one attempt.
 *
 * @param attempt which attempt this is, 1 for the first
 * @param body    the outcome as recorded; the bytes signed and sent
 * @param traceId the job's W3C trace id ({@code jobs.trace_id}); null when none was recorded
 */
record Delivery(String jobId, UUID deliveryId, String eventId, String callbackUrl, String body, int attempt,
                Instant createdAt, String traceId) {

    Delivery(String jobId, UUID deliveryId, String eventId, String callbackUrl, String body, int attempt,
             Instant createdAt) {
        this(jobId, deliveryId, eventId, callbackUrl, body, attempt, createdAt, null);
    }

    /**
     * The W3C context the delivery carries, so that a receiver that traces continues the job's trace: the job's trace
     * id, and as parent the delivery (the first 16 hex digits of its id, the same on every attempt). Empty without a
     * trace id.
     */
    Optional<String> traceparent() {
        if (traceId == null) {
            return Optional.empty();
        }
        String parent = deliveryId.toString().replace("-", "").substring(0, 16);
        if (parent.chars().allMatch(c -> c == '0')) {
            parent = "0000000000000001"; // W3C forbids an all-zero parent id
        }
        return Optional.of("00-" + traceId + "-" + parent + "-01");
    }

    /** Never the URL's path or query, nor the body. */
    @Override
    public String toString() {
        return "Delivery[jobId=" + jobId + ", deliveryId=" + deliveryId + ", attempt=" + attempt + "]";
    }
}
