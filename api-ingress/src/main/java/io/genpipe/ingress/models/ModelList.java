package io.genpipe.ingress.models;

import java.util.List;
import java.util.Map;

/**
 * The answer of {@code GET /v1/models}.
 *
 * @param models         in catalog order, after the filters
 * @param totalAvailable how many of {@code models} a job can get now
 * @param presets        per operation (after the operation filter), each quality preset the catalog defines and the
 *                       models it tries, in order: operation wire name, then preset name ({@code high})
 */
public record ModelList(List<ModelView> models, int totalAvailable,
                        Map<String, Map<String, List<PresetModel>>> presets) {
}
