package io.genpipe.contracts.event;

import io.genpipe.contracts.json.MessageFormatException;
import io.genpipe.contracts.webhook.CallbackUrl;

import java.time.Instant;
import java.util.UUID;

/**
 * A caller asks for generation work. Written to {@code genpipe.jobs.v1} by the ingress or directly by any
 * service that follows {@code schemas/job-requested.v1.schema.json}.
 *
 * @param tenantId    who pays; {@code "default"} when absent
 * @param batchId     groups the jobs of one batch, for batch statistics; optional
 * @param params      optional, see {@link ImageParams} for defaults
 * @param deadline    optional: after it the job fails rather than starting another attempt
 * @param maxAttempts optional cap on attempts across providers; the router's default when absent
 * @param model       optional: only this model (the vendor's id, e.g. {@code gpt-image-2}) may do the job, unless
 *                    {@code routing.fallback} allows others once it cannot
 * @param routing     optional: requirements, priorities, a preset or a forced provider; see {@link RoutingRequest}
 * @param callbackUrl optional: where the service that consumes outcomes (the results-sink) POSTs the job's outcome,
 *                    signed; an absolute {@code http} or {@code https} URL without user info (see {@link CallbackUrl}).
 *                    Whether plain http and private addresses are delivered to is the delivering side's configuration.
 *                    It may carry a token in its query, so it is never logged whole.
 * @param inputs      what the job works on besides the prompt: images to edit or train on, a mask, LoRA weights, what
 *                    to train (see {@link JobInputs}); required by image-edit and model-training, optional otherwise.
 * @param batchSize   how many jobs the batch has (every job of it says the same): a batch's statistics are then
 *                    "23 of 23", complete only once all 23 ended, even while some are not recorded yet; optional,
 *                    and only with a {@code batchId}
 *                    A model-training job may leave out its prompt: it is then the trigger word.
 */
public record JobRequested(
        int schemaVersion,
        String eventId,
        String jobId,
        Instant occurredAt,
        String tenantId,
        String batchId,
        Operation operation,
        String prompt,
        ImageParams params,
        Instant deadline,
        Integer maxAttempts,
        String model,
        RoutingRequest routing,
        String callbackUrl,
        JobInputs inputs,
        Integer batchSize) implements JobEvent {

    public static final String DEFAULT_TENANT = "default";

    public JobRequested {
        Require.knownVersion(schemaVersion);
        Require.text(eventId, "eventId");
        Require.id(jobId, "jobId");
        if (batchId != null) {
            Require.id(batchId, "batchId");
        }
        Require.present(occurredAt, "occurredAt");
        tenantId = tenantId == null || tenantId.isBlank() ? DEFAULT_TENANT : tenantId;
        Require.present(operation, "operation");
        inputs = inputs == null ? JobInputs.NONE : inputs;
        inputs.requireFor(operation);
        if (prompt == null && operation == Operation.MODEL_TRAINING) {
            prompt = inputs.training().triggerWord();
        }
        Require.text(prompt, "prompt");
        params = params == null ? ImageParams.defaults() : params;
        if (maxAttempts != null) {
            Require.positive(maxAttempts, "maxAttempts");
        }
        if (model != null) {
            Require.text(model, "model");
        }
        if (callbackUrl != null) {
            CallbackUrl.require(callbackUrl, "callbackUrl");
        }
        if (batchSize != null) {
            Require.positive(batchSize, "batchSize");
            if (batchId == null) {
                throw MessageFormatException.invalid("batchSize", "needs a batchId: it is the size of that batch");
            }
        }
    }

    /** A job of no declared batch size, as every job was before batches said how many they have. */
    public JobRequested(int schemaVersion, String eventId, String jobId, Instant occurredAt, String tenantId,
                        String batchId, Operation operation, String prompt, ImageParams params, Instant deadline,
                        Integer maxAttempts, String model, RoutingRequest routing, String callbackUrl,
                        JobInputs inputs) {
        this(schemaVersion, eventId, jobId, occurredAt, tenantId, batchId, operation, prompt, params, deadline,
                maxAttempts, model, routing, callbackUrl, inputs, null);
    }

    /** A job without a callback, as every job was before callbacks existed. */
    public JobRequested(int schemaVersion, String eventId, String jobId, Instant occurredAt, String tenantId,
                        String batchId, Operation operation, String prompt, ImageParams params, Instant deadline,
                        Integer maxAttempts, String model, RoutingRequest routing) {
        this(schemaVersion, eventId, jobId, occurredAt, tenantId, batchId, operation, prompt, params, deadline,
                maxAttempts, model, routing, null, null);
    }

    /** A job without inputs, as every job was before edits and trainings existed. */
    public JobRequested(int schemaVersion, String eventId, String jobId, Instant occurredAt, String tenantId,
                        String batchId, Operation operation, String prompt, ImageParams params, Instant deadline,
                        Integer maxAttempts, String model, RoutingRequest routing, String callbackUrl) {
        this(schemaVersion, eventId, jobId, occurredAt, tenantId, batchId, operation, prompt, params, deadline,
                maxAttempts, model, routing, callbackUrl, null);
    }

    /** How the job asks to be routed; {@link RoutingRequest#NONE} when it does not say. */
    public RoutingRequest routingOrNone() {
        return routing == null ? RoutingRequest.NONE : routing;
    }

    /** A new job with a fresh event id, as the ingress creates it. */
    public static JobRequested create(String jobId, String tenantId, String batchId, Operation operation,
                                      String prompt, ImageParams params, Instant deadline, Instant now) {
        return new JobRequested(SCHEMA_VERSION, UUID.randomUUID().toString(), jobId, now, tenantId, batchId,
                operation, prompt, params, deadline, null, null, null, null, null);
    }

    /** The same job, whose outcome is POSTed to {@code callbackUrl}. */
    public JobRequested withCallback(String callbackUrl) {
        return new JobRequested(schemaVersion, eventId, jobId, occurredAt, tenantId, batchId, operation, prompt,
                params, deadline, maxAttempts, model, routing, callbackUrl, inputs, batchSize);
    }

    /** The same job, working on {@code newInputs}. */
    public JobRequested withInputs(JobInputs newInputs) {
        return new JobRequested(schemaVersion, eventId, jobId, occurredAt, tenantId, batchId, operation, prompt,
                params, deadline, maxAttempts, model, routing, callbackUrl, newInputs, batchSize);
    }

    /** The same job, one of a batch of {@code size} jobs. */
    public JobRequested withBatchSize(int size) {
        return new JobRequested(schemaVersion, eventId, jobId, occurredAt, tenantId, batchId, operation, prompt,
                params, deadline, maxAttempts, model, routing, callbackUrl, inputs, size);
    }

    /**
     * Never prints the prompt: prompts are the caller's content and stay out of logs. Of the callback, only its scheme
     * and host: its path or query may hold the receiver's token.
     */
    @Override
    public String toString() {
        return "JobRequested[jobId=" + jobId + ", eventId=" + eventId + ", tenantId=" + tenantId
                + ", batchId=" + batchId + (batchSize == null ? "" : ", batchSize=" + batchSize) + ", operation=" + operation + ", model=" + model + ", promptLength=" + prompt.length()
                + (callbackUrl == null ? "" : ", callback=" + CallbackUrl.redacted(callbackUrl))
                + (inputs.images().isEmpty() ? "" : ", inputImages=" + inputs.images().size()) + "]";
    }
}
