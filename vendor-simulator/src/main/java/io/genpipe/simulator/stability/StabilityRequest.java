package io.genpipe.simulator.stability;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One validated {@code POST /v2beta/stable-image/generate/{endpoint}} (vendor-apis.md section 4): the form fields
 * the simulator honours, checked as Stability checks them. Fields it ignores ({@code negative_prompt},
 * {@code style_preset}, {@code cfg_scale}, ...) are accepted as they are.
 *
 * @param endpoint    {@code ultra}, {@code core} or {@code sd3}
 * @param model       the sd3 model ({@code sd3.5-large} when the form names none); null for ultra and core
 * @param aspectRatio as sent, default {@code 1:1}
 * @param seed        as sent; drawn when absent or 0 (Stability's "random")
 */
record StabilityRequest(String endpoint, String model, String prompt, String aspectRatio, String outputFormat,
                        Long seed, int width, int height) {

    static final Set<String> ENDPOINTS = Set.of("ultra", "core", "sd3");
    static final int MAX_PROMPT = 10_000;
    static final long MAX_SEED = 4_294_967_294L;
    private static final Set<String> SD3_MODELS = Set.of("sd3.5-large", "sd3.5-large-turbo", "sd3.5-medium",
            "sd3.5-flash");
    private static final String DEFAULT_SD3_MODEL = "sd3.5-large";

    /**
     * The pixels of each aspect ratio: about one megapixel in multiples of 64. vendor-apis.md names the ratios only;
     * the sizes are the simulator's assumption [?], and clients should read the size from the image.
     */
    static final Map<String, int[]> SIZES = sizes();

    static StabilityRequest parse(String endpoint, StabilityForm form) {
        String prompt = form.field("prompt").orElse("");
        if (prompt.isBlank()) {
            throw invalid("prompt: is required and must not be blank");
        }
        if (prompt.length() > MAX_PROMPT) {
            throw invalid("prompt: must be at most " + MAX_PROMPT + " characters");
        }
        String aspectRatio = form.field("aspect_ratio").orElse("1:1");
        int[] size = SIZES.get(aspectRatio);
        if (size == null) {
            throw invalid("aspect_ratio: must be one of " + String.join(", ", SIZES.keySet()));
        }
        boolean sd3 = endpoint.equals("sd3");
        String outputFormat = form.field("output_format").orElse("png");
        Set<String> formats = sd3 ? Set.of("png", "jpeg") : Set.of("png", "jpeg", "webp");
        if (!formats.contains(outputFormat)) {
            throw invalid("output_format: must be one of " + String.join(", ", formats));
        }
        String model = null;
        if (sd3) {
            model = form.field("model").orElse(DEFAULT_SD3_MODEL);
            if (!SD3_MODELS.contains(model)) {
                throw invalid("model: must be one of " + String.join(", ", SD3_MODELS));
            }
            String mode = form.field("mode").orElse("text-to-image");
            if (!mode.equals("text-to-image")) {
                throw invalid("mode: the simulator makes text-to-image only");
            }
        }
        return new StabilityRequest(endpoint, model, prompt, aspectRatio, outputFormat, seed(form), size[0], size[1]);
    }

    private static Long seed(StabilityForm form) {
        String text = form.field("seed").orElse(null);
        if (text == null) {
            return null;
        }
        try {
            long seed = Long.parseLong(text.strip());
            if (seed < 0 || seed > MAX_SEED) {
                throw invalid("seed: must be between 0 and " + MAX_SEED);
            }
            return seed == 0 ? null : seed;
        } catch (NumberFormatException notANumber) {
            throw invalid("seed: must be an integer");
        }
    }

    private static StabilityError.Rejected invalid(String message) {
        return new StabilityError.Rejected(StabilityError.badRequest(message));
    }

    private static Map<String, int[]> sizes() {
        Map<String, int[]> sizes = new LinkedHashMap<>();
        sizes.put("16:9", new int[] {1344, 768});
        sizes.put("1:1", new int[] {1024, 1024});
        sizes.put("21:9", new int[] {1536, 640});
        sizes.put("2:3", new int[] {832, 1216});
        sizes.put("3:2", new int[] {1216, 832});
        sizes.put("4:5", new int[] {896, 1088});
        sizes.put("5:4", new int[] {1088, 896});
        sizes.put("9:16", new int[] {768, 1344});
        sizes.put("9:21", new int[] {640, 1536});
        return java.util.Collections.unmodifiableMap(sizes);
    }
}
