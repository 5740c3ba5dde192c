package io.genpipe.ingress.validation;

import io.genpipe.contracts.event.ImageParams;
import io.genpipe.contracts.event.Operation;

/**
 * What a caller asks the catalog about: the work, the prompt (only its length matters to the catalog), the image
 * parameters and, optionally, the one model that may do it. Absent values take the contract's defaults.
 *
 * @param model the vendor's model id ({@code gpt-image-2}); {@code null} lets the route choose
 */
public record AskedJob(Operation operation, String prompt, ImageParams params, String model) {

    public AskedJob {
        operation = operation == null ? Operation.TEXT_TO_IMAGE : operation;
        prompt = prompt == null ? "" : prompt;
        params = params == null ? ImageParams.defaults() : params;
    }
}
