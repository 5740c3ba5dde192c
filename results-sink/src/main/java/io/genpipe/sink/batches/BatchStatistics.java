package io.genpipe.sink.batches;

import java.math.BigDecimal;
import java.util.List;

/**
 * A batch as {@code GET /v1/batches/{id}} shows it. Amounts are USD with trailing zeros stripped; they are sums of
 * the attempts' costs, so they agree with the jobs' totals.
 *
 * @param total             the batch's jobs: as many as its jobs say it has ({@code batchSize}, which the ingress sets),
 *                          else the jobs recorded of it
 * @param pending           jobs requested but not finished (QUEUED or RUNNING, or not recorded yet)
 * @param complete          every job of the batch has its outcome
 * @param totalCostUsd      what the attempts of the batch whose cost is known billed
 * @param unknownCostAttempts attempts whose cost is unknown: while above zero the total is a lower bound
 * @param averageDurationMs mean time from request to outcome of the finished jobs; null while none is
 * @param byProvider        one entry per provider that made an attempt or finished a job, by name
 */
public record BatchStatistics(
        String batchId,
        long total,
        long succeeded,
        long failed,
        long pending,
        boolean complete,
        BigDecimal totalCostUsd,
        long unknownCostAttempts,
        Long averageDurationMs,
        List<ProviderStatistics> byProvider) {

    /**
     * @param succeeded      jobs of the batch this provider completed
     * @param afterFallback  of those, jobs that had a failed attempt elsewhere (or here) before
     * @param attempts       attempts made by this provider
     * @param failedAttempts of those, attempts that failed
     * @param costUsd        what this provider's attempts whose cost is known billed
     * @param unknownCostAttempts this provider's attempts whose cost is unknown
     */
    public record ProviderStatistics(String provider, long succeeded, long afterFallback, long attempts,
                                     long failedAttempts, BigDecimal costUsd, long unknownCostAttempts) {
    }
}
