package io.genpipe.ingress.submission;

import io.genpipe.contracts.event.ImageParams;
import io.genpipe.contracts.event.Operation;
import io.genpipe.contracts.event.RoutingRequest;

import java.time.Instant;

/**
 * Body of {@code POST /v1/jobs}. Only {@code prompt} is required.
 *
 * @param jobId       the caller's id for the job; a random UUID when absent
 * @param operation   {@code text-to-image} when absent
 * @param model       only this model of the catalog may do the job ({@code gpt-image-2}); the route chooses when absent
 * @param routing     how the job asks to be routed (a forced provider, a preset, requirements, priorities); optional
 * @param callbackUrl where the sink POSTs the job's outcome, signed; optional (see the contract's {@code JobRequested})
 */
public record SubmitJob(String jobId, String tenantId, Operation operation, String prompt, ImageParams params,
                        Instant deadline, Integer maxAttempts, String model, RoutingRequest routing,
                        String callbackUrl) {
}
