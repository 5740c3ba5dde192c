package io.genpipe.ingress.submission;

import io.genpipe.contracts.event.ImageParams;
import io.genpipe.contracts.event.JobInputs;
import io.genpipe.contracts.event.Operation;
import io.genpipe.contracts.event.RoutingRequest;

import java.time.Instant;

/**
 * Body of {@code POST /v1/jobs}. Only {@code prompt} is required, and a model-training job may leave it out too (it is
 * then the training's trigger word).
 *
 * @param jobId       the caller's id for the job; a random UUID when absent
 * @param operation   {@code text-to-image} when absent; {@code image-edit}, {@code model-training}
 * @param model       only this model of the catalog may do the job ({@code gpt-image-2}); the route chooses when absent
 * @param routing     how the job asks to be routed (a forced provider, a preset, requirements, priorities); optional
 * @param callbackUrl where the sink POSTs the job's outcome, signed; optional (see the contract's {@code JobRequested})
 * @param inputs      images to edit or train on (https URLs, or {@code file:} references of the tenant's uploads), a
 *                    mask, LoRA weights, what to train; see the contract's {@code JobInputs}
 */
public record SubmitJob(String jobId, String tenantId, Operation operation, String prompt, ImageParams params,
                        Instant deadline, Integer maxAttempts, String model, RoutingRequest routing,
                        String callbackUrl, JobInputs inputs) {

    /** The same request for {@code tenant}: what an Idempotency-Key is compared on. */
    SubmitJob forTenant(String tenant) {
        return new SubmitJob(jobId, tenant, operation, prompt, params, deadline, maxAttempts, model, routing,
                callbackUrl, inputs);
    }

    /** A batch's job: each member it leaves out is the batch's ({@code defaults}), whole, not merged. */
    SubmitJob over(SubmitJob defaults) {
        return new SubmitJob(jobId, tenantId, operation != null ? operation : defaults.operation,
                prompt != null ? prompt : defaults.prompt, params != null ? params : defaults.params,
                deadline != null ? deadline : defaults.deadline,
                maxAttempts != null ? maxAttempts : defaults.maxAttempts, model != null ? model : defaults.model,
                routing != null ? routing : defaults.routing,
                callbackUrl != null ? callbackUrl : defaults.callbackUrl, inputs != null ? inputs : defaults.inputs);
    }
}
