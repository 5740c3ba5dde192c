package io.genpipe.ingress.validation;

import io.genpipe.contracts.event.ImageParams;
import io.genpipe.contracts.event.JobInputs;
import io.genpipe.contracts.event.JobRequested;
import io.genpipe.contracts.event.Operation;
import io.genpipe.contracts.event.RoutingRequest;

/**
 * What a caller asks the catalog about: the work, the prompt (only its length matters to the catalog), the image
 * parameters, optionally the one model that may do it, and how it asks to be routed. Absent values take the
 * contract's defaults.
 *
 * @param model   the vendor's model id ({@code gpt-image-2}); {@code null} lets the route choose
 * @param routing the job's routing request; only its forced provider, preset and fallback narrow the candidates
 *                here (quality, speed, budget and priorities are the router's, from its configuration)
 * @param inputs  input images, mask, LoRA weights or training: how many a model takes is the catalog's to say
 */
public record AskedJob(Operation operation, String prompt, ImageParams params, String model, RoutingRequest routing,
                       JobInputs inputs) {

    public AskedJob {
        operation = operation == null ? Operation.TEXT_TO_IMAGE : operation;
        prompt = prompt == null ? "" : prompt;
        params = params == null ? ImageParams.defaults() : params;
        routing = routing == null ? RoutingRequest.NONE : routing;
        inputs = inputs == null ? JobInputs.NONE : inputs;
    }

    /** A job without inputs. */
    public AskedJob(Operation operation, String prompt, ImageParams params, String model, RoutingRequest routing) {
        this(operation, prompt, params, model, routing, null);
    }

    /** What {@code job} asks of the catalog. */
    public static AskedJob of(JobRequested job) {
        return new AskedJob(job.operation(), job.prompt(), job.params(), job.model(), job.routing(), job.inputs());
    }

    /** A job that does not say how to be routed. */
    public AskedJob(Operation operation, String prompt, ImageParams params, String model) {
        this(operation, prompt, params, model, null);
    }
}
