package io.genpipe.ingress.models;

/**
 * One model of a quality preset, as {@code GET /v1/models} lists it under {@code presets}, so a caller can see what
 * {@code "preset": "high"} means before asking for it.
 *
 * @param steps the inference steps the preset sends it; {@code null}: the model's own default
 */
public record PresetModel(String provider, String model, Integer steps) {
}
