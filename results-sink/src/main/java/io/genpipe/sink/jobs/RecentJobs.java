package io.genpipe.sink.jobs;

import io.genpipe.sink.JobStatus;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /v1/jobs}: the newest jobs a caller sees, newest request first, each with its attempts in short and why
 * the router sent each where it did. {@code GET /v1/jobs/{jobId}} has the rest of a job.
 *
 * @param tenantId the tenant listed; null when an admin lists every tenant's jobs
 * @param limit    the most jobs listed
 */
public record RecentJobs(String tenantId, int limit, List<Job> jobs) {

    /**
     * One job, as {@code GET /v1/jobs/{jobId}} shows it in short.
     *
     * @param totalCostUsd known costs of its recorded attempts; a lower bound while {@code unknownCostAttempts} or
     *                     {@code lostVendorCalls} is above 0
     * @param durationMs   from request to outcome; null until the job is finished
     * @param experiment   its A/B arm; null when it is in none
     * @param attempts     the recorded attempts, in attempt order
     */
    public record Job(String jobId, JobStatus status, String tenantId, String batchId, String operation,
                      String provider, String model, BigDecimal totalCostUsd, int unknownCostAttempts,
                      int lostVendorCalls, String failureClass, String failureReason, Instant requestedAt,
                      Instant completedAt, Long durationMs, JobView.Experiment experiment, List<Attempt> attempts) {

        public Job {
            attempts = List.copyOf(attempts);
        }

        Job withAttempts(List<Attempt> recorded) {
            return new Job(jobId, status, tenantId, batchId, operation, provider, model, totalCostUsd,
                    unknownCostAttempts, lostVendorCalls, failureClass, failureReason, requestedAt, completedAt,
                    durationMs, experiment, recorded);
        }
    }

    /**
     * One attempt in short.
     *
     * @param status         {@code DISPATCHED} (in flight), {@code SUCCEEDED} or {@code FAILED}
     * @param reason         why it failed; null otherwise
     * @param costUsd        null while unknown ({@code costKnown} false) or in flight
     * @param dispatchReason why the router chose this provider, in words; null until its dispatch is recorded, or
     *                       when the dispatch did not say
     */
    public record Attempt(int attempt, String provider, String model, String status, String failureClass,
                          String reason, BigDecimal costUsd, boolean costKnown, Long latencyMs,
                          String dispatchReason) {
    }
}
