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
    /**
     * The pixels of an image at {@code 1K} per aspect ratio, as Google's image guide lists them for its flash image
     * models [obs] (the same table as genpipe's catalog).
     */
    private static final Map<String, int[]> ONE_K = Map.of("1:1", new int[] {1024, 1024}, "2:3", new int[] {832, 1248},
            "3:2", new int[] {1248, 832}, "3:4", new int[] {864, 1184}, "4:3", new int[] {1184, 864},
            "4:5", new int[] {896, 1152}, "5:4", new int[] {1152, 896}, "9:16", new int[] {768, 1344},
            "16:9", new int[] {1344, 768}, "21:9", new int[] {1536, 672});
    /** Each tier's sides as a multiple of 1K's: Google lists 2K and 4K only for some ratios, so scaled [?]. */
    private static final Map<String, Double> TIER_SCALE = Map.of("512", 0.5, "1K", 1.0, "2K", 2.0, "4K", 4.0);
    static final String DEFAULT_ASPECT_RATIO = "1:1";
    private static final Set<String> MODELS = Set.of("gemini-3.1-flash-image", "gemini-3.1-flash-image-preview",
            "gemini-3-pro-image", "gemini-2.5-flash-image", "gemini-nano-banana-2.1");

    private GoogleModels() {
    }

    /** Width and height of an image at {@code aspectRatio} (one of {@link #ASPECT_RATIOS}) and {@code imageSize}. */
    static int[] pixels(String aspectRatio, String imageSize) {
        int[] oneK = ONE_K.get(aspectRatio);
        double scale = TIER_SCALE.get(imageSize);
        return new int[] {(int) Math.round(oneK[0] * scale), (int) Math.round(oneK[1] * scale)};
    }

    static boolean known(String model) {
        return MODELS.contains(model);
    }

    static boolean shutDown(String model) {
        return model.startsWith(SHUT_DOWN_FAMILY);
    }
}
