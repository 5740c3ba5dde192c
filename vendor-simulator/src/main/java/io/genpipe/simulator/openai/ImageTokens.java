package io.genpipe.simulator.openai;

import java.util.Map;

/**
 * Output tokens per image of the GPT image models, from vendor-apis.md section 3:
 * for 1024x1024 / 1024x1536 / 1536x1024, low 272/408/400, medium 1056/1584/1568, high 4160/6240/6208.
 * Other sizes (gpt-image-2 takes any WxH) scale the square figure by area. The 2.5 and 2.6 families' {@code xhigh}
 * and {@code max} are not published [?]: the simulator counts 1.5 and 2 times {@code high}.
 */
final class ImageTokens {

    private static final Map<String, int[]> BY_QUALITY = Map.of(
            "low", new int[] {272, 408, 400},
            "medium", new int[] {1056, 1584, 1568},
            "high", new int[] {4160, 6240, 6208},
            "xhigh", new int[] {6240, 9360, 9312},
            "max", new int[] {8320, 12480, 12416});
    private static final double SQUARE_AREA = 1024.0 * 1024.0;

    private ImageTokens() {
    }

    /** @param quality low, medium, high, xhigh or max (auto is resolved before) */
    static int outputPerImage(String quality, int width, int height) {
        int[] tokens = BY_QUALITY.get(quality);
        if (width == 1024 && height == 1024) {
            return tokens[0];
        }
        if (width == 1024 && height == 1536) {
            return tokens[1];
        }
        if (width == 1536 && height == 1024) {
            return tokens[2];
        }
        return (int) Math.round(tokens[0] * (width * (double) height) / SQUARE_AREA);
    }

    /** Text tokens of a prompt, approximated by its word count (at least 1). */
    static int promptTokens(String prompt) {
        String trimmed = prompt.strip();
        return trimmed.isEmpty() ? 1 : trimmed.split("\\s+").length;
    }
}
