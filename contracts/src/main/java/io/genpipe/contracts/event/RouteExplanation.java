package io.genpipe.contracts.event;

import java.math.BigDecimal;
import java.util.List;

/**
 * Why a dispatch went where it did, in a shape a program can read: the policy that ordered the candidates, each
 * candidate's score, and each provider passed over with why. The dispatch's {@code reason} says the same in words.
 *
 * @param policy  what ordered the candidates ("priority", "cost", "weighted cost 0.5 quality 0.5", "preset high",
 *                "provider fal", "experiment fal-vs-openai arm b")
 * @param scores  the candidates that qualified, best first; the chosen one first
 * @param skipped the candidates passed over, in route order
 */
public record RouteExplanation(String policy, List<Score> scores, List<Skip> skipped) {

    public RouteExplanation {
        Require.text(policy, "route.policy");
        scores = Require.listOrEmpty(scores);
        skipped = Require.listOrEmpty(skipped);
    }

    /**
     * One qualifying candidate.
     *
     * @param score            from 0 to 1 under the policy; higher is better
     * @param estimatedCostPerImageUsd the catalog's estimate per image of this job; absent when the price cannot tell
     * @param quality          the catalog's quality score, 0 to 100
     * @param expectedLatencyMs the catalog's median latency, or the one the router observed when it has
     * @param backlog          calls in flight at the provider's workers, as they report; absent when unknown
     * @param successRate      the share of its recent attempts that succeeded, as the router observed them, 0 to 1;
     *                         absent until enough were seen
     */
    public record Score(String provider, String model, double score, BigDecimal estimatedCostPerImageUsd,
                        int quality,
                        long expectedLatencyMs, Integer backlog, Double successRate) {

        public Score {
            Require.text(provider, "route.scores.provider");
            Require.text(model, "route.scores.model");
        }
    }

    /**
     * One candidate passed over.
     *
     * @param cause  a closed word for programs and metrics: tried, disabled, down, unknown, cooling-down,
     *               shut-down, incapable, requirement
     * @param reason in words, naming the provider ("fal is cooling down until 2026-12-01T10:05:00Z")
     */
    public record Skip(String provider, String model, String cause, String reason) {

        public Skip {
            Require.text(provider, "route.skipped.provider");
            Require.text(cause, "route.skipped.cause");
            reason = reason == null ? "" : reason;
        }
    }
}
