package io.genpipe.sink.batches;

import io.genpipe.sink.Csv;
import io.genpipe.sink.JobStatus;
import io.genpipe.sink.jobs.JobView;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A page of a batch's jobs ({@code GET /v1/batches/{batchId}/jobs}), in job id order: which ones ended how, what each
 * cost and why the failed ones failed, without asking for each job.
 *
 * @param total the batch's jobs with the status asked (all of them when none was), over every page
 * @param next  the {@code offset} of the next page; null on the last
 */
public record BatchJobs(String batchId, String status, int total, int offset, int limit, Integer next,
                        List<Job> jobs) {

    /**
     * One job, as {@code GET /v1/jobs/{jobId}} shows it in short.
     *
     * @param totalCostUsd        known costs of its recorded attempts; a lower bound while {@code unknownCostAttempts}
     *                            or {@code lostVendorCalls} is above 0
     */
    public record Job(String jobId, JobStatus status, String provider, String model, List<JobView.Image> images,
                      BigDecimal totalCostUsd, int unknownCostAttempts, int lostVendorCalls, String failureClass,
                      String failureReason, Instant requestedAt, Instant completedAt) {
    }

    String csv() {
        Csv csv = new Csv(List.of("job_id", "status", "provider", "model", "total_cost_usd", "unknown_cost_attempts",
                "lost_vendor_calls", "failure_class", "failure_reason", "requested_at", "completed_at", "images"));
        for (Job job : jobs) {
            csv.row(java.util.Arrays.asList(job.jobId(), job.status(), job.provider(), job.model(),
                    job.totalCostUsd(), job.unknownCostAttempts(), job.lostVendorCalls(), job.failureClass(),
                    job.failureReason(), job.requestedAt(), job.completedAt(),
                    String.join(" ", job.images().stream().map(JobView.Image::uri).toList())));
        }
        return csv.toString();
    }
}
