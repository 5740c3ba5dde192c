package io.genpipe.router.policy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Orders qualifying candidates under a policy: the operators' priority first, then the weighted score, then the
 * route's order, so that equal scores keep the catalog's priority list and the order is total (the same inputs
 * always give the same choice, on every router instance).
 *
 * <p>Each factor is scored relative to the other candidates (min-max, 1 the best, 0 the worst; all 1 when they are
 * equal), so no factor's units swamp another's. What is unknown (a price, a backlog) scores 0: it is never taken for
 * the cheapest or the idlest. A provider whose workers have no headroom left within its account's limits scores 0 on
 * load too.
 */
public final class Scorer {

    private Scorer() {
    }

    /** The candidates with their scores, best first. */
    public static List<Ranked> rank(List<Candidate> candidates, Weights weights) {
        double[] cost = cheapest(candidates);
        double[] quality = relative(candidates, Candidate::quality, false);
        double[] speed = relative(candidates, c -> c.latencyMs(), true);
        double[] load = relative(candidates, c -> c.backlog() == null ? Double.NaN : c.backlog(), true);
        for (int i = 0; i < load.length; i++) {
            // No headroom within the account's limits: a call sent there waits its turn, however short the backlog.
            load[i] = candidates.get(i).saturated() ? 0 : load[i];
        }
        double[] reliability = relative(candidates,
                c -> c.successRate() == null ? Double.NaN : c.successRate(), false);
        List<Ranked> ranked = new ArrayList<>(candidates.size());
        for (int i = 0; i < candidates.size(); i++) {
            Candidate c = candidates.get(i);
            double priority = c.routeSize() <= 1 ? 1 : 1 - (double) c.routeIndex() / (c.routeSize() - 1);
            double score = (weights.priority() * priority + weights.cost() * cost[i] + weights.quality() * quality[i]
                    + weights.speed() * speed[i] + weights.load() * load[i]
                    + weights.reliability() * reliability[i]) / weights.total();
            ranked.add(new Ranked(c, round(score * c.weight())));
        }
        ranked.sort(Comparator.comparingInt((Ranked r) -> -r.candidate().priority())
                .thenComparing(Comparator.comparingDouble(Ranked::score).reversed())
                .thenComparingInt(r -> r.candidate().routeIndex()));
        return ranked;
    }

    /** Scores rounded to 4 places: what the explanation shows is what ordered them. */
    private static double round(double score) {
        return Math.round(score * 10_000) / 10_000.0;
    }

    /** The cost score, compared in USD as BigDecimal: only the 0 to 1 score is a double, never the money. */
    private static double[] cheapest(List<Candidate> candidates) {
        BigDecimal min = null;
        BigDecimal max = null;
        for (Candidate c : candidates) {
            BigDecimal cost = c.costPerImage();
            if (cost != null) {
                min = min == null || cost.compareTo(min) < 0 ? cost : min;
                max = max == null || cost.compareTo(max) > 0 ? cost : max;
            }
        }
        double[] scores = new double[candidates.size()];
        for (int i = 0; i < scores.length; i++) {
            BigDecimal cost = candidates.get(i).costPerImage();
            if (cost == null) {
                scores[i] = 0;
            } else if (max.compareTo(min) == 0) {
                scores[i] = 1;
            } else {
                scores[i] = max.subtract(cost).divide(max.subtract(min), 6, RoundingMode.HALF_UP).doubleValue();
            }
        }
        return scores;
    }

    private static double[] relative(List<Candidate> candidates, ToDoubleFunction<Candidate> value,
                                      boolean lowerIsBetter) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Candidate c : candidates) {
            double v = value.applyAsDouble(c);
            if (!Double.isNaN(v)) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        double[] scores = new double[candidates.size()];
        for (int i = 0; i < scores.length; i++) {
            double v = value.applyAsDouble(candidates.get(i));
            if (Double.isNaN(v)) {
                scores[i] = 0;
            } else if (max == min) {
                scores[i] = 1;
            } else {
                double position = (v - min) / (max - min);
                scores[i] = lowerIsBetter ? 1 - position : position;
            }
        }
        return scores;
    }

    /** A candidate and its score under the policy, 0 to 1 times the operators' weight. */
    public record Ranked(Candidate candidate, double score) {
    }
}
