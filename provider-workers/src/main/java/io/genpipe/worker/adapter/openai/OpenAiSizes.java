package io.genpipe.worker.adapter.openai;

import java.util.List;

/**
 * GPT image models take three sizes. A request is mapped to the one nearest its aspect ratio (compared on a log
 * scale, so 2:1 and 1:2 are equally far from square).
 */
public final class OpenAiSizes {

    /** A size the API accepts. */
    public record Size(int width, int height) {

        public String wire() {
            return width + "x" + height;
        }

        double logRatio() {
            return Math.log((double) width / height);
        }
    }

    public static final Size SQUARE = new Size(1024, 1024);
    public static final Size LANDSCAPE = new Size(1536, 1024);
    public static final Size PORTRAIT = new Size(1024, 1536);
    private static final List<Size> SUPPORTED = List.of(SQUARE, LANDSCAPE, PORTRAIT);

    private OpenAiSizes() {
    }

    public static Size nearest(int width, int height) {
        double wanted = Math.log((double) width / height);
        Size best = SQUARE;
        for (Size size : SUPPORTED) {
            if (Math.abs(size.logRatio() - wanted) < Math.abs(best.logRatio() - wanted)) {
                best = size;
            }
        }
        return best;
    }
}
