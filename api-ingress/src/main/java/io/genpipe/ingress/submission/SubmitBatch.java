package io.genpipe.ingress.submission;

import io.genpipe.contracts.event.ImageParams;
import io.genpipe.contracts.event.Operation;
import io.genpipe.contracts.event.RoutingRequest;

import java.time.Instant;
import java.util.List;

/**
 * Body of {@code POST /v1/batches}: one job per prompt, sharing the batch id and the other settings.
 *
 * @param batchId the caller's id for the batch; a random UUID when absent. Job ids are
 *                {@code <batchId>-<n>}, so re-sending a batch with the same id names the same jobs.
 * @param model   only this model of the catalog may do the jobs; the route chooses when absent
 * @param routing how every job of the batch asks to be routed; optional
 * @param callbackUrl where the sink POSTs each job's outcome, signed; optional
 */
public record SubmitBatch(String batchId, String tenantId, Operation operation, List<String> prompts,
                          ImageParams params, Instant deadline, Integer maxAttempts, String model,
                          RoutingRequest routing, String callbackUrl) {
}
