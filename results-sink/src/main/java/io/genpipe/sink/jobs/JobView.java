package io.genpipe.sink.jobs;

import io.genpipe.sink.JobStatus;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A job as {@code GET /v1/jobs/{id}} shows it. Amounts are USD with trailing zeros stripped.
 *
 * @param operation    null when only the outcome has been recorded yet (an outcome does not carry it)
 * @param provider     who made the images; null unless SUCCEEDED
 * @param totalCostUsd the sum of the recorded attempts' known costs
 * @param unknownCostAttempts attempts whose cost is unknown (the catalog's price could not tell): while above zero,
 *                     the total is a lower bound, never the whole bill
 * @param durationMs   from request to outcome; null until the job is finished
 * @param attempts     the recorded attempts, in attempt order
 */
public record JobView(
        String jobId,
        JobStatus status,
        String tenantId,
        String batchId,
        String operation,
        String provider,
        String model,
        List<Image> images,
        BigDecimal totalCostUsd,
        int unknownCostAttempts,
        String failureClass,
        String failureReason,
        Instant requestedAt,
        Instant completedAt,
        Long durationMs,
        List<Attempt> attempts) {

    /** Where one generated image is. */
    public record Image(String uri, Integer width, Integer height, String contentType) {
    }

    /**
     * One attempt; {@code failureClass} and {@code reason} are null when it succeeded.
     *
     * @param costUsd     null when unknown, as {@code costKnown} says
     * @param adjustments what the vendor was sent differently from the job's parameters
     */
    public record Attempt(int attempt, String provider, String model, String status, String failureClass,
                          String reason, BigDecimal costUsd, boolean costKnown, long latencyMs,
                          List<String> adjustments) {
    }

    static Long durationMs(Instant requestedAt, Instant completedAt) {
        return completedAt == null ? null : Duration.between(requestedAt, completedAt).toMillis();
    }
}
