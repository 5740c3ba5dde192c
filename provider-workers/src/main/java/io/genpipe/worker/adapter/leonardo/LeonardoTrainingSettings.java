package io.genpipe.worker.adapter.leonardo;

import io.genpipe.contracts.catalog.CatalogModel;

import java.util.Map;
import java.util.Set;

/**
 * How a catalog training model trains at Leonardo: its {@code options} {@code resolution}, {@code sd-version},
 * {@code strength} and {@code model-type}, sent as {@code resolution}, {@code sd_Version}, {@code strength} and
 * {@code modelType}. Unset options are left out of the call, so Leonardo's defaults apply (512, v1_5, MEDIUM,
 * GENERAL in its published schema [obs]). Values are checked against that schema here, so a typo in the catalog fails
 * as a misconfigured provider rather than as a caller's invalid request.
 */
record LeonardoTrainingSettings(Integer resolution, String sdVersion, String strength, String modelType) {

    /** The schema says 512 or 768; 1024 is taken for SDXL-based trainings [?]. */
    static final Set<Integer> RESOLUTIONS = Set.of(512, 768, 1024);
    static final Set<String> STRENGTHS = Set.of("VERY_LOW", "LOW", "MEDIUM", "HIGH");

    static LeonardoTrainingSettings of(CatalogModel model) {
        Map<String, String> options = model.options();
        Integer resolution = null;
        String side = options.get("resolution");
        if (side != null) {
            try {
                resolution = Integer.valueOf(side.strip());
            } catch (NumberFormatException e) {
                resolution = -1;
            }
            if (!RESOLUTIONS.contains(resolution)) {
                throw new IllegalArgumentException("catalog option resolution of " + model.id()
                        + " must be 512, 768 or 1024, was '" + side + "'");
            }
        }
        String strength = options.get("strength");
        if (strength != null && !STRENGTHS.contains(strength)) {
            throw new IllegalArgumentException("catalog option strength of " + model.id() + " must be one of "
                    + STRENGTHS + ", was '" + strength + "'");
        }
        String sdVersion = token(options.get("sd-version"), "sd-version", model);
        String modelType = token(options.get("model-type"), "model-type", model);
        return new LeonardoTrainingSettings(resolution, sdVersion, strength, modelType);
    }

    /** Leonardo's enums (sd_versions, custom_model_type) grow; only their shape is checked. */
    private static String token(String value, String option, CatalogModel model) {
        if (value != null && !value.matches("[A-Za-z0-9_]{1,40}")) {
            throw new IllegalArgumentException("catalog option " + option + " of " + model.id()
                    + " must be one of Leonardo's enum values, such as v1_5 or GENERAL, was '" + value + "'");
        }
        return value;
    }
}
