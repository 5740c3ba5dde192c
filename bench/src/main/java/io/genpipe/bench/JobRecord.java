package io.genpipe.bench;

import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;

/**
 * What the bench needs of one job as the results-sink reports it ({@code GET /v1/jobs/{id}}).
 *
 * @param provider    who made the images; null unless succeeded
 * @param attempts    attempts the sink recorded
 * @param afterFallback succeeded after an earlier attempt failed
 * @param vendorMs    the attempts' vendor calls added up, as the workers measured them
 */
public record JobRecord(String jobId, String status, String provider, int attempts, boolean afterFallback, long vendorMs,
                 Instant requestedAt, Instant completedAt) {

    public static JobRecord from(JsonNode job) {
        JsonNode attempts = job.path("attempts");
        boolean failedBefore = false;
        long vendorMs = 0;
        for (JsonNode attempt : attempts) {
            failedBefore |= "FAILED".equals(attempt.path("status").asString());
            vendorMs += attempt.path("latencyMs").asLong();
        }
        String status = job.path("status").asString();
        return new JobRecord(job.path("jobId").asString(), status,
                job.path("provider").isString() ? job.path("provider").asString() : null, attempts.size(),
                "SUCCEEDED".equals(status) && failedBefore, vendorMs,
                Instant.parse(job.path("requestedAt").asString()),
                job.path("completedAt").isString() ? Instant.parse(job.path("completedAt").asString()) : null);
    }

    public boolean succeeded() {
        return "SUCCEEDED".equals(status);
    }

    /** Requested to completed, in milliseconds, at the sink's precision (microseconds). */
    public double durationMs() {
        return Duration.between(requestedAt, completedAt).toNanos() / 1e6;
    }

    /**
     * What the pipeline adds to the job: its duration minus the time its attempts spent in vendor calls. The workers
     * time a call in whole milliseconds, rounded down, so this is up to 1 ms per attempt too high.
     */
    double overheadMs() {
        return durationMs() - vendorMs;
    }
}
