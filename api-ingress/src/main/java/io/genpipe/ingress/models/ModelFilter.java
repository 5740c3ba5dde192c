package io.genpipe.ingress.models;

import io.genpipe.contracts.event.Operation;

/**
 * The filters of {@code GET /v1/models}; {@code null} means no filter.
 *
 * @param operation only models that do it
 * @param available only models whose availability is this
 */
public record ModelFilter(Operation operation, Boolean available) {

    public static final ModelFilter NONE = new ModelFilter(null, null);
}
