package io.genpipe.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The figures of one measured run, computed from the sink's job records (requested and completed times are the
 * pipeline's own: the ingress stamps the request, the router the outcome) plus the client's submit timing.
 *
 * @param overhead per job, its duration minus the vendor time of its attempts ({@link JobRecord#overheadMs()}): the
 *                 time the pipeline itself adds
 */
public record RunFigures(int jobs, Duration submitTook, Duration clientSawComplete,
                         Duration firstRequestToLastOutcome, Percentiles duration, Percentiles vendorCalls,
                         Percentiles overhead, long succeeded, long failed, Map<String, Long> byProvider,
                         long afterFallback, long attempts, int[] completionsPerSecond) {

    /** Nearest-rank percentiles, in milliseconds. */
    public record Percentiles(double min, double p50, double p95, double p99, double max, double mean) {

        static Percentiles of(List<Double> values) {
            double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            return new Percentiles(sorted[0], rank(sorted, 50), rank(sorted, 95), rank(sorted, 99),
                    sorted[sorted.length - 1], values.stream().mapToDouble(Double::doubleValue).average().orElse(0));
        }

        private static double rank(double[] sorted, int percentile) {
            int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
            return sorted[Math.max(0, index)];
        }
    }

    static RunFigures of(LoadGenerator.Submission submission, long sawCompleteAtNanos, List<JobRecord> records) {
        Instant firstRequest = records.stream().map(JobRecord::requestedAt).min(Comparator.naturalOrder())
                .orElseThrow();
        Instant lastOutcome = records.stream().map(JobRecord::completedAt).max(Comparator.naturalOrder()).orElseThrow();
        int seconds = (int) Duration.between(firstRequest, lastOutcome).toSeconds() + 1;
        int[] perSecond = new int[seconds];
        records.forEach(job -> perSecond[(int) Duration.between(firstRequest, job.completedAt()).toSeconds()]++);
        Map<String, Long> byProvider = records.stream().filter(JobRecord::succeeded)
                .collect(Collectors.groupingBy(JobRecord::provider, TreeMap::new, Collectors.counting()));
        long succeeded = records.stream().filter(JobRecord::succeeded).count();
        return new RunFigures(records.size(), submission.took(),
                Duration.ofNanos(sawCompleteAtNanos - submission.startedAtNanos()),
                Duration.between(firstRequest, lastOutcome),
                Percentiles.of(records.stream().map(JobRecord::durationMs).toList()),
                Percentiles.of(records.stream().map(job -> (double) job.vendorMs()).toList()),
                Percentiles.of(records.stream().map(JobRecord::overheadMs).toList()),
                succeeded, records.size() - succeeded, byProvider,
                records.stream().filter(JobRecord::afterFallback).count(),
                records.stream().mapToLong(JobRecord::attempts).sum(), perSecond);
    }

    public double submitRate() {
        return jobs / seconds(submitTook);
    }

    /** Jobs ÷ (first job's {@code requestedAt} → last job's {@code completedAt}). */
    public double endToEndRate() {
        return jobs / seconds(firstRequestToLastOutcome);
    }

    public static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }
}
