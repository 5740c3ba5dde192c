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

    /**
     * Image-input tokens of one input image of an edit. OpenAI publishes no table for GPT image inputs [?]; the
     * simulator counts as its vision models are documented to: the image fitted within 2048x2048, then its shorter
     * side brought down to 768, then 170 tokens per 512-pixel tile plus 85. An image whose size is not known (an https
     * URL, a file id, which the simulator never fetches) counts as 1024x1024: 765 tokens.
     */
    static int inputPerImage(int width, int height) {
        double w = width > 0 && height > 0 ? width : 1024;
        double h = width > 0 && height > 0 ? height : 1024;
        double fit = Math.min(1.0, 2048 / Math.max(w, h));
        w *= fit;
        h *= fit;
        double shorter = Math.min(1.0, 768 / Math.min(w, h));
        w *= shorter;
        h *= shorter;
        int tiles = (int) (Math.ceil(w / 512) * Math.ceil(h / 512));
        return 85 + 170 * tiles;
    }

    /** Text tokens of a prompt, approximated by its word count (at least 1). */
    static int promptTokens(String prompt) {
        String trimmed = prompt.strip();
        return trimmed.isEmpty() ? 1 : trimmed.split("\\s+").length;
    }
}
