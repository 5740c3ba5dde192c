package io.genpipe.contracts.event;

import com.fasterxml.jackson.annotation.JsonInclude;

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
 * @param lostCalls vendor calls made for this attempt before a crash whose answers were lost with the worker: the
 *                  vendor may bill them, at a cost {@code costUsd} does not include and genpipe does not know; absent
 *                  when none (a synchronous call cannot be resumed, so a replacement worker makes it again)
 * @param trainedModel what a model-training attempt made; absent for other operations
 * @param lostCallsCostUsd what the catalog expected the lost calls to cost (see {@link AttemptResult#lostCallsCostUsd});
 *                  absent when none was lost or the price cannot tell in advance
 * @param calls     every request sent to the vendor for this attempt, before a crash included (see
 *                  {@link VendorCall}); empty from a producer that does not report them
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
        ExperimentArm experiment,
        Integer lostCalls,
        TrainedModel trainedModel,
        BigDecimal lostCallsCostUsd,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<VendorCall> calls) implements AttemptResult {

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
        if (lostCalls != null) {
            Require.notNegative(lostCalls, "lostCalls");
            lostCalls = lostCalls == 0 ? null : lostCalls;
        }
        Require.notNegative(lostCallsCostUsd, "lostCallsCostUsd");
        lostCallsCostUsd = lostCalls == null ? null : lostCallsCostUsd;
        calls = Require.listOrEmpty(calls);
    }

    /** A success, with its trained model (or none), of an attempt that lost no call's answer. */
    public AttemptSucceeded(int schemaVersion, String eventId, String jobId, Instant occurredAt, int attempt,
                            String provider, String model, List<ImageRef> images, BigDecimal costUsd, long latencyMs,
                            JobRequested job, List<AttemptSummary> previousAttempts, List<String> adjustments,
                            ExperimentArm experiment, Integer lostCalls, TrainedModel trainedModel) {
        this(schemaVersion, eventId, jobId, occurredAt, attempt, provider, model, images, costUsd, latencyMs, job,
                previousAttempts, adjustments, experiment, lostCalls, trainedModel, null, List.of());
    }

    /** A success of an operation that trains nothing. */
    public AttemptSucceeded(int schemaVersion, String eventId, String jobId, Instant occurredAt, int attempt,
                            String provider, String model, List<ImageRef> images, BigDecimal costUsd, long latencyMs,
                            JobRequested job, List<AttemptSummary> previousAttempts, List<String> adjustments,
                            ExperimentArm experiment, Integer lostCalls) {
        this(schemaVersion, eventId, jobId, occurredAt, attempt, provider, model, images, costUsd, latencyMs, job,
                previousAttempts, adjustments, experiment, lostCalls, null, null, List.of());
    }

    @Override
    public AttemptSucceeded withLostCalls(int lost, BigDecimal expectedCost) {
        return new AttemptSucceeded(schemaVersion, eventId, jobId, occurredAt, attempt, provider, model, images,
                costUsd, latencyMs, job, previousAttempts, adjustments, experiment, lost, trainedModel, expectedCost,
                calls);
    }

    @Override
    public AttemptSucceeded withCalls(List<VendorCall> made) {
        return new AttemptSucceeded(schemaVersion, eventId, jobId, occurredAt, attempt, provider, model, images,
                costUsd, latencyMs, job, previousAttempts, adjustments, experiment, lostCalls, trainedModel,
                lostCallsCostUsd, made);
    }

    /** The same success, having trained {@code trained}. */
    public AttemptSucceeded withTrainedModel(TrainedModel trained) {
        return new AttemptSucceeded(schemaVersion, eventId, jobId, occurredAt, attempt, provider, model, images,
                costUsd, latencyMs, job, previousAttempts, adjustments, experiment, lostCalls, trained,
                lostCallsCostUsd, calls);
    }

    @Override
    public AttemptSummary summary() {
        return new AttemptSummary(attempt, provider, model, null, null, costUsd, latencyMs);
    }
}
