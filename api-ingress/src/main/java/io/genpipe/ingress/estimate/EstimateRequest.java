package io.genpipe.ingress.estimate;

import io.genpipe.contracts.event.ImageParams;
import io.genpipe.contracts.event.Operation;
import io.genpipe.contracts.event.RoutingRequest;
import io.genpipe.contracts.json.MessageFormatException;

/**
 * Body of {@code POST /v1/estimate}: the jobs one would submit. Every field is optional.
 *
 * @param operation {@code text-to-image} when absent
 * @param prompt    only its length matters (prompt-length limits, per-token prices); empty when absent
 * @param count     how many such jobs (a batch of that many prompts), 1 when absent, at most
 *                  {@code genpipe.ingress.max-batch-size}
 * @param params    each job's parameters, as in {@code POST /v1/jobs}
 * @param model     only this model, as a job's {@code model} asks
 * @param routing   as a job's {@code routing}: its preset, provider and fallback narrow the candidates as they do a
 *                  submission's; its requirements and priorities are the router's to apply, not the estimate's
 */
public record EstimateRequest(Operation operation, String prompt, Integer count, ImageParams params, String model,
                              RoutingRequest routing) {

    public static final EstimateRequest DEFAULT = new EstimateRequest(null, null, null, null, null, null);

    public EstimateRequest {
        // The same words as the contract's own checks, so the 400 reads like the submission endpoints'.
        if (count != null && count < 1) {
            throw MessageFormatException.invalid("count", "must be at least 1, was " + count);
        }
        if (model != null && model.isBlank()) {
            throw MessageFormatException.invalid("model", "must not be blank");
        }
    }

    public int jobs() {
        return count == null ? 1 : count;
    }
}
