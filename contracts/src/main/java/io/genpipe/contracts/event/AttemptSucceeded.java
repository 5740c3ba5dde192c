package io.genpipe.contracts.event;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The vendor produced the images.
 *
 * @param images    where the images are (never the bytes)
 * @param costUsd   what the vendor bills for this attempt, in USD; {@code null} when it is unknown (the catalog's
 *                  price could not be applied to what the vendor reported), which is never the same as zero
 * @param experiment the A/B arm of the job, copied from the dispatch; absent when none
 * @param adjustments what the vendor was sent differently from the job's parameters (see {@link AttemptDispatched})
 * @param latencyMs from the start of the vendor call to its answer
 */
public record AttemptSucceeded(
        int schemaVersion,
        String eventId,
        String jobId,
        Instant occurredAt,
        int attempt,
        String provider,
        String model,
        List<ImageRef> images,
        BigDecimal costUsd,
        long latencyMs,
        JobRequested job,
        List<AttemptSummary> previousAttempts,
        List<String> adjustments,
        ExperimentArm experiment) implements AttemptResult {

    public AttemptSucceeded {
        Require.knownVersion(schemaVersion);
        Require.text(eventId, "eventId");
        Require.text(jobId, "jobId");
        Require.present(occurredAt, "occurredAt");
        Require.positive(attempt, "attempt");
        Require.text(provider, "provider");
        Require.text(model, "model");
        images = Require.listOrEmpty(images);
        Require.notNegative(costUsd, "costUsd");
        Require.notNegative(latencyMs, "latencyMs");
        Require.present(job, "job");
        previousAttempts = Require.listOrEmpty(previousAttempts);
        adjustments = Require.listOrEmpty(adjustments);
    }

    @Override
    public AttemptSummary summary() {
        return new AttemptSummary(attempt, provider, model, null, null, costUsd, latencyMs);
    }
}
