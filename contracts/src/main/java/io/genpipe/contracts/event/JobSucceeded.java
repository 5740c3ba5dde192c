package io.genpipe.contracts.event;

import java.time.Instant;
import java.util.List;

/**
 * The job is done: {@code provider} and {@code model} made the {@code images}.
 *
 * @param attempts   every attempt, the successful one last
 * @param experiment the job's A/B arm; absent when it was in no experiment
 * @param trainedModel what a model-training job made, and how later jobs name it; absent for other operations
 */
public record JobSucceeded(
        int schemaVersion,
        String eventId,
        String jobId,
        Instant occurredAt,
        String tenantId,
        String batchId,
        Instant requestedAt,
        String provider,
        String model,
        List<ImageRef> images,
        List<AttemptSummary> attempts,
        ExperimentArm experiment,
        TrainedModel trainedModel) implements JobOutcome {

    public JobSucceeded {
        Require.knownVersion(schemaVersion);
        Require.text(eventId, "eventId");
        Require.text(jobId, "jobId");
        Require.present(occurredAt, "occurredAt");
        Require.text(tenantId, "tenantId");
        Require.present(requestedAt, "requestedAt");
        Require.text(provider, "provider");
        Require.text(model, "model");
        images = Require.listOrEmpty(images);
        attempts = Require.listOrEmpty(attempts);
    }

    /** A success of an operation that trains nothing. */
    public JobSucceeded(int schemaVersion, String eventId, String jobId, Instant occurredAt, String tenantId,
                        String batchId, Instant requestedAt, String provider, String model, List<ImageRef> images,
                        List<AttemptSummary> attempts, ExperimentArm experiment) {
        this(schemaVersion, eventId, jobId, occurredAt, tenantId, batchId, requestedAt, provider, model, images,
                attempts, experiment, null);
    }
}
