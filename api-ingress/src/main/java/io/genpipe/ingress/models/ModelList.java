package io.genpipe.ingress.models;

import java.util.List;

/**
 * The answer of {@code GET /v1/models}.
 *
 * @param models         in catalog order, after the filters
 * @param totalAvailable how many of {@code models} a job can get now
 */
public record ModelList(List<ModelView> models, int totalAvailable) {
}
