package io.genpipe.simulator.ideogram;

import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The Ideogram 3.0 form fields the simulator honours: {@code prompt} (required), {@code resolution} or
 * {@code aspect_ratio} (not both), {@code num_images} (1-8), {@code seed}, {@code rendering_speed},
 * {@code magic_prompt} and {@code style_type}. Other fields are accepted and ignored.
 */
record IdeogramInput(String prompt, int width, int height, int numImages, OptionalLong seed, String renderingSpeed,
                     String styleType) {

    static final int MAX_IMAGES = 8;
    private static final Set<String> SPEEDS = Set.of("TURBO", "DEFAULT", "QUALITY");
    private static final Set<String> MAGIC = Set.of("AUTO", "ON", "OFF");
    private static final Set<String> STYLES = Set.of("AUTO", "GENERAL", "REALISTIC", "DESIGN", "FICTION");
    private static final Set<String> ASPECTS = Set.of("1x3", "3x1", "1x2", "2x1", "9x16", "16x9", "10x16", "16x10",
            "2x3", "3x2", "3x4", "4x3", "4x5", "5x4", "1x1");
    /**
     * Ideogram takes a fixed list of resolutions [doc]; the list itself is not copied here [?]. The simulator takes
     * any WxH with sides in multiples of 16 within these bounds, which covers it.
     */
    private static final int MIN_SIDE = 256;
    private static final int MAX_SIDE = 2048;

    static IdeogramInput parse(Map<String, String> form) {
        String prompt = form.get("prompt");
        if (prompt == null || prompt.isBlank()) {
            throw reject("prompt is required");
        }
        String resolution = form.get("resolution");
        String aspect = form.get("aspect_ratio");
        if (resolution != null && aspect != null) {
            throw reject("resolution and aspect_ratio cannot be used together");
        }
        int[] size = resolution != null ? resolution(resolution) : aspect(aspect == null ? "1x1" : aspect);
        int numImages = integer(form.get("num_images"), "num_images", 1);
        if (numImages < 1 || numImages > MAX_IMAGES) {
            throw reject("num_images must be between 1 and " + MAX_IMAGES);
        }
        String speed = oneOf(form.get("rendering_speed"), "rendering_speed", SPEEDS, "DEFAULT");
        oneOf(form.get("magic_prompt"), "magic_prompt", MAGIC, "AUTO");
        String style = oneOf(form.get("style_type"), "style_type", STYLES, "GENERAL");
        String seed = form.get("seed");
        OptionalLong seedValue = seed == null ? OptionalLong.empty() : OptionalLong.of(seed(seed));
        return new IdeogramInput(prompt, size[0], size[1], numImages, seedValue, speed, style);
    }

    private static int[] resolution(String value) {
        String[] sides = value.split("x", -1);
        if (sides.length == 2) {
            try {
                int width = Integer.parseInt(sides[0]);
                int height = Integer.parseInt(sides[1]);
                if (width % 16 == 0 && height % 16 == 0 && Math.min(width, height) >= MIN_SIDE
                        && Math.max(width, height) <= MAX_SIDE) {
                    return new int[] {width, height};
                }
            } catch (NumberFormatException notANumber) {
                // falls through to the refusal
            }
        }
        throw reject("resolution is not supported: " + value);
    }

    /** An aspect ratio comes out at about one megapixel, sides in multiples of 16. */
    private static int[] aspect(String value) {
        if (!ASPECTS.contains(value)) {
            throw reject("aspect_ratio is not supported: " + value);
        }
        String[] parts = value.split("x");
        double ratio = Double.parseDouble(parts[0]) / Double.parseDouble(parts[1]);
        int width = (int) Math.round(Math.sqrt((1 << 20) * ratio) / 16) * 16;
        int height = (int) Math.round(Math.sqrt((1 << 20) / ratio) / 16) * 16;
        return new int[] {width, height};
    }

    private static String oneOf(String value, String field, Set<String> allowed, String fallback) {
        if (value == null) {
            return fallback;
        }
        if (!allowed.contains(value)) {
            throw reject(field + " must be one of " + allowed.stream().sorted().toList() + ", was " + value);
        }
        return value;
    }

    private static long seed(String value) {
        try {
            long seed = Long.parseLong(value.strip());
            if (seed >= 0) {
                return seed;
            }
        } catch (NumberFormatException notANumber) {
            // falls through to the refusal
        }
        throw reject("seed must be a non-negative integer");
    }

    private static int integer(String value, String field, int fallback) {
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException notANumber) {
            throw reject(field + " must be an integer");
        }
    }

    private static IdeogramError.Rejected reject(String message) {
        return new IdeogramError.Rejected(IdeogramError.invalid(message));
    }
}
