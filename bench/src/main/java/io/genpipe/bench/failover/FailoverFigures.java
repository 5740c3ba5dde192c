package io.genpipe.bench.failover;

import io.genpipe.bench.JobRecord;
import tools.jackson.databind.JsonNode;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/**
 * One failover run against issue 10's goals: calls to the hung primary at most 5 % of the jobs; p50 within 1.2x and
 * jobs/s at least 0.8x of the phase with a healthy primary; under 2 s from the outage to the last dispatch sent to it.
 *
 * @param lastDispatch from the outage to the last dispatch the router sent the primary; null when it sent none
 */
public record FailoverFigures(double healthyJobsPerSecond, double hungJobsPerSecond, double healthyP50Ms,
                              double hungP50Ms, long primaryCalls, int jobs, int failed, Duration lastDispatch) {

    private static final String PRIMARY = "fal";

    static FailoverFigures of(List<JobRecord> healthy, List<JobRecord> hung, List<JsonNode> hungViews,
                              long primaryCalls, Instant outage) {
        Instant last = null;
        for (JsonNode job : hungViews) {
            for (JsonNode attempt : job.path("attempts")) {
                if (PRIMARY.equals(attempt.path("provider").asString()) && attempt.path("dispatchedAt").isString()) {
                    Instant at = Instant.parse(attempt.path("dispatchedAt").asString());
                    last = last == null || at.isAfter(last) ? at : last;
                }
            }
        }
        int failed = (int) hung.stream().filter(job -> !job.succeeded()).count();
        return new FailoverFigures(jobsPerSecond(healthy), jobsPerSecond(hung), p50(healthy), p50(hung), primaryCalls,
                hung.size(), failed, last == null ? null : Duration.between(outage, last));
    }

    /** Calls the hung primary received ÷ the jobs of that phase. */
    public double primaryShare() {
        return (double) primaryCalls / jobs;
    }

    public double p50Ratio() {
        return hungP50Ms / healthyP50Ms;
    }

    public double throughputRatio() {
        return hungJobsPerSecond / healthyJobsPerSecond;
    }

    /** From the outage to the last dispatch sent to the primary, in seconds; 0 when it was sent none. */
    public double lastDispatchSeconds() {
        return lastDispatch == null ? 0 : lastDispatch.toMillis() / 1e3;
    }

    @Override
    public String toString() {
        return String.format("healthy %.1f jobs/s p50 %.0f ms · hung primary %.1f jobs/s p50 %.0f ms (%d failed) ·"
                        + " p50 x%.2f · jobs/s x%.2f · primary calls %d (%.1f %% of jobs) · last dispatch to it %s",
                healthyJobsPerSecond, healthyP50Ms, hungJobsPerSecond, hungP50Ms, failed, p50Ratio(),
                throughputRatio(), primaryCalls, 100 * primaryShare(), seconds(lastDispatch));
    }

    /** min / median / max of each figure over the runs, beside its goal. */
    static void report(List<FailoverFigures> runs, PrintStream out) {
        out.println();
        out.println("| figure | min / median / max | goal | runs meeting it |");
        out.println("|---|---|---|---:|");
        row(out, runs, "calls to the hung primary, % of jobs", r -> 100 * r.primaryShare(), "%.1f", "≤ 5",
                r -> r.primaryShare() <= 0.05);
        row(out, runs, "p50, hung ÷ healthy", FailoverFigures::p50Ratio, "%.2f", "≤ 1.2", r -> r.p50Ratio() <= 1.2);
        row(out, runs, "jobs/s, hung ÷ healthy", FailoverFigures::throughputRatio, "%.2f", "≥ 0.8",
                r -> r.throughputRatio() >= 0.8);
        row(out, runs, "outage → last dispatch to the primary, s",
                FailoverFigures::lastDispatchSeconds, "%.1f", "< 2",
                r -> r.lastDispatch() == null || r.lastDispatch().compareTo(Duration.ofSeconds(2)) < 0);
        row(out, runs, "healthy: jobs/s", FailoverFigures::healthyJobsPerSecond, "%.1f", "", r -> true);
        row(out, runs, "hung primary: jobs/s", FailoverFigures::hungJobsPerSecond, "%.1f", "", r -> true);
        row(out, runs, "healthy: p50 ms", FailoverFigures::healthyP50Ms, "%.0f", "", r -> true);
        row(out, runs, "hung primary: p50 ms", FailoverFigures::hungP50Ms, "%.0f", "", r -> true);
    }

    private static void row(PrintStream out, List<FailoverFigures> runs, String name,
                            ToDoubleFunction<FailoverFigures> figure, String format, String goal,
                            Predicate<FailoverFigures> meets) {
        double[] values = runs.stream().mapToDouble(figure).sorted().toArray();
        String spread = String.format(format + " / " + format + " / " + format, values[0], median(values),
                values[values.length - 1]);
        out.printf("| %s | %s | %s | %s |%n", name, spread, goal,
                goal.isEmpty() ? "" : runs.stream().filter(meets).count() + " of " + runs.size());
    }

    private static double median(double[] sorted) {
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static double jobsPerSecond(List<JobRecord> jobs) {
        Instant first = jobs.stream().map(JobRecord::requestedAt).min(Comparator.naturalOrder()).orElseThrow();
        Instant last = jobs.stream().map(JobRecord::completedAt).max(Comparator.naturalOrder()).orElseThrow();
        return jobs.size() / (Duration.between(first, last).toNanos() / 1e9);
    }

    /** Nearest rank. */
    private static double p50(List<JobRecord> jobs) {
        double[] sorted = jobs.stream().mapToDouble(JobRecord::durationMs).sorted().toArray();
        return sorted[(int) Math.ceil(0.5 * sorted.length) - 1];
    }

    private static String seconds(Duration duration) {
        return duration == null ? "none" : String.format("%.1f s", duration.toMillis() / 1e3);
    }
}
