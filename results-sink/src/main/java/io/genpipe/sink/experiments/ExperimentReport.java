package io.genpipe.sink.experiments;

import io.genpipe.sink.Csv;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * The arms of one A/B experiment side by side ({@code GET /v1/experiments/{id}}): seed 001's comparison of
 * satisfaction, time and cost, and which arm leads on each.
 *
 * @param best the arm that leads on each figure; a figure no arm has yet leads with {@code null}
 */
public record ExperimentReport(String experiment, List<Arm> arms, Best best) {

    /**
     * @param jobs              jobs of the arm the sink has recorded
     * @param rated             of the succeeded ones, those rated
     * @param positive          of those, thumbs up
     * @param positiveRatio     positive ÷ rated; null while none is rated
     * @param averageDurationMs request to outcome, over the finished jobs; null while none is
     * @param averageCostUsd    a finished job's total cost, over those whose every attempt's cost is known; null while
     *                          none is
     * @param unknownCostJobs   finished jobs left out of the average because a cost is unknown
     * @param providers         the providers that completed its jobs
     */
    public record Arm(String arm, long jobs, long succeeded, long failed, long rated, long positive,
                      Double positiveRatio, Long averageDurationMs, BigDecimal averageCostUsd, long unknownCostJobs,
                      List<String> providers) {
    }

    /** The leading arm on satisfaction (highest positive ratio), speed (shortest time) and cost (lowest). */
    public record Best(String satisfaction, String speed, String cost) {
    }

    static ExperimentReport of(String experiment, List<Arm> arms) {
        return new ExperimentReport(experiment, List.copyOf(arms), new Best(
                lead(arms, Arm::positiveRatio, Comparator.reverseOrder()),
                lead(arms, Arm::averageDurationMs, Comparator.naturalOrder()),
                lead(arms, Arm::averageCostUsd, Comparator.naturalOrder())));
    }

    private static <T extends Comparable<T>> String lead(List<Arm> arms, Function<Arm, T> figure,
                                                         Comparator<T> better) {
        return arms.stream().filter(arm -> figure.apply(arm) != null)
                .min(Comparator.comparing(figure, better)).map(Arm::arm).orElse(null);
    }

    String csv() {
        Csv csv = new Csv(List.of("arm", "jobs", "succeeded", "failed", "rated", "positive", "positive_ratio",
                "average_duration_ms", "average_cost_usd", "unknown_cost_jobs", "providers"));
        for (Arm arm : arms) {
            csv.row(Arrays.asList(arm.arm(), arm.jobs(), arm.succeeded(), arm.failed(), arm.rated(), arm.positive(),
                    arm.positiveRatio(), arm.averageDurationMs(), arm.averageCostUsd(), arm.unknownCostJobs(),
                    String.join(" ", arm.providers())));
        }
        return csv.toString();
    }
}
