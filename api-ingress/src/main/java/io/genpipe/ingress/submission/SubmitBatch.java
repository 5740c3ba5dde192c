package io.genpipe.ingress.submission;

import io.genpipe.contracts.event.ImageParams;
import io.genpipe.contracts.event.JobInputs;
import io.genpipe.contracts.event.Operation;
import io.genpipe.contracts.event.RoutingRequest;

import java.time.Instant;
import java.util.List;

/**
 * Body of {@code POST /v1/batches}: one job per prompt, sharing the batch id and the other settings; or one job per
 * member of {@code jobs}, each a {@code POST /v1/jobs} body without {@code jobId} and {@code tenantId}, whose members
 * left out are the batch's (edits of different images, trainings of different subjects).
 *
 * @param batchId the caller's id for the batch; a random UUID when absent. Job ids are
 *                {@code <batchId>-<n>}, so re-sending a batch with the same id names the same jobs.
 * @param prompts one job each; or {@code jobs}, not both
 * @param jobs    one job each; or {@code prompts}, not both
 * @param model   only this model of the catalog may do the jobs; the route chooses when absent
 * @param routing how every job of the batch asks to be routed; optional
 * @param callbackUrl where the sink POSTs each job's outcome, signed; optional
 * @param inputs  the inputs of every job (one image edited by each prompt); a job of {@code jobs} may give its own
 */
public record SubmitBatch(String batchId, String tenantId, Operation operation, List<String> prompts,
                          List<SubmitJob> jobs, ImageParams params, Instant deadline, Integer maxAttempts,
                          String model, RoutingRequest routing, String callbackUrl, JobInputs inputs) {

    /** What the batch says for each of its jobs. */
    SubmitJob shared() {
        return new SubmitJob(null, null, operation, null, params, deadline, maxAttempts, model, routing, callbackUrl,
                inputs);
    }
}
