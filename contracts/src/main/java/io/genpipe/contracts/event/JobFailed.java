package io.genpipe.contracts.event;

import java.time.Instant;
import java.util.List;

/**
 * The job will not be done: its failure cannot be fixed by another provider, or providers, attempts or time
 * ran out.
 *
 * @param failureClass the class of the last attempt's failure; {@code null} when no attempt was made
 * @param reason       for humans, e.g. "no healthy provider left for text-to-image"
 * @param experiment   the job's A/B arm; absent when it was in no experiment
 */
public record JobFailed(
        int schemaVersion,
        String eventId,
        String jobId,
        Instant occurredAt,
        String tenantId,
        String batchId,
        Instant requestedAt,
        FailureClass failureClass,
        String reason,
        List<AttemptSummary> attempts,
        ExperimentArm experiment) implements JobOutcome {

    public JobFailed {
        Require.knownVersion(schemaVersion);
        Require.text(eventId, "eventId");
        Require.text(jobId, "jobId");
        Require.present(occurredAt, "occurredAt");
        Require.text(tenantId, "tenantId");
        Require.present(requestedAt, "requestedAt");
        Require.text(reason, "reason");
        attempts = Require.listOrEmpty(attempts);
    }
}
