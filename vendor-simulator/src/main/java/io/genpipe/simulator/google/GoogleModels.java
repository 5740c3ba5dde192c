package io.genpipe.simulator.google;

import java.util.Map;
import java.util.Set;

/**
 * The image models the simulated Gemini API knows (vendor-apis.md section 7, checked 2026-12-01), with the output
 * tokens an image takes at each {@code imageSize}. Imagen is gone: every {@code imagen-} id answers as shut down.
 */
final class GoogleModels {

    static final String SHUT_DOWN_FAMILY = "imagen-";
    /** gemini-3.1-flash-image's published counts [doc]; the simulator uses them for every model [?]. */
    static final Map<String, Integer> OUTPUT_TOKENS = Map.of("512", 747, "1K", 1120, "2K", 1680, "4K", 2520);
    static final String DEFAULT_IMAGE_SIZE = "1K";
    static final Set<String> ASPECT_RATIOS = Set.of("1:1", "2:3", "3:2", "3:4", "4:3", "4:5", "5:4", "9:16", "16:9",
            "21:9");
    private static final Set<String> MODELS = Set.of("gemini-3.1-flash-image", "gemini-3.1-flash-image-preview",
            "gemini-3-pro-image", "gemini-2.5-flash-image", "gemini-nano-banana-2.1");

    private GoogleModels() {
    }

    static boolean known(String model) {
        return MODELS.contains(model);
    }

    static boolean shutDown(String model) {
        return model.startsWith(SHUT_DOWN_FAMILY);
    }
}
