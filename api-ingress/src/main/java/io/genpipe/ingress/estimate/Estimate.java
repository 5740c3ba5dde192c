package io.genpipe.ingress.estimate;

import io.genpipe.contracts.catalog.Usd;
import io.genpipe.ingress.health.HealthStatus;
import io.genpipe.ingress.models.ExpectedTime;

import java.util.List;

/**
 * The answer of {@code POST /v1/estimate}: what each candidate of the route would cost and take, which one the
 * router would choose now, and a line to show a person.
 *
 * @param model        the asked model, or {@code null}
 * @param jobs         how many jobs the estimate is for
 * @param imagesPerJob the jobs' {@code params.count}
 * @param size         the asked size, {@code WxH}
 * @param candidates   the route's models (only the asked one's when a model is asked), in route order
 * @param chosen       the candidate the router would choose now; {@code null} when every one that fits is DOWN
 * @param summary      e.g. {@code Generate 23 images — generation cost $0.069 (fal:fal-ai/flux/schnell)}
 */
public record Estimate(String operation, String model, int jobs, int imagesPerJob, String size,
                       List<CandidateEstimate> candidates, Chosen chosen, String summary) {

    /**
     * @param priority    its place in the route, from 1
     * @param fits        whether it can do the job as asked; when not, {@code refusal} says why
     * @param sentSize    the size it would be sent, which a size rule may round ({@code adjustments} says so)
     * @param costPerJob  {@code null} when it does not fit, or when its price cannot tell in advance
     *                    ({@code costUnknown}); never 0 for unknown
     * @param total       {@code costPerJob} times {@code jobs}
     * @param costUnknown true when it fits but its price cannot be estimated
     * @param health      what its provider's workers say now
     */
    public record CandidateEstimate(String provider, String model, int priority, boolean fits, Refused refusal,
                                    String sentSize, List<String> adjustments, Usd costPerJob, Usd total,
                                    boolean costUnknown, ExpectedTime expectedTime, HealthStatus health) {
    }

    /** @param field the job's field at fault; @param reason what the model allows */
    public record Refused(String field, String reason) {
    }

    /**
     * @param why the router's reason: its place in the route, and the candidates passed over
     */
    public record Chosen(String provider, String model, int priority, Usd costPerJob, Usd total,
                         boolean costUnknown, ExpectedTime expectedTime, String why) {
    }
}
