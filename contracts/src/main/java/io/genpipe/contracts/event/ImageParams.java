package io.genpipe.contracts.event;

import io.genpipe.contracts.json.MessageFormatException;

/**
 * What the caller wants the images to look like, in vendor-neutral terms; each adapter maps them onto its
 * vendor's parameters. Absent values take the defaults below.
 *
 * @param width          pixels, 64 to 4096 (default 1024)
 * @param height         pixels, 64 to 4096 (default 1024)
 * @param count          images to generate, 1 to 4 (default 1)
 * @param seed           optional, for vendors that support reproducible output
 * @param negativePrompt optional, for vendors that support one
 */
public record ImageParams(Integer width, Integer height, Integer count, Long seed, String negativePrompt) {

    public static final int DEFAULT_SIZE = 1024;
    public static final int MIN_SIZE = 64;
    public static final int MAX_SIZE = 4096;
    public static final int MAX_COUNT = 4;

    public ImageParams {
        width = within(width == null ? DEFAULT_SIZE : width, MIN_SIZE, MAX_SIZE, "width");
        height = within(height == null ? DEFAULT_SIZE : height, MIN_SIZE, MAX_SIZE, "height");
        count = within(count == null ? 1 : count, 1, MAX_COUNT, "count");
    }

    public static ImageParams defaults() {
        return new ImageParams(null, null, null, null, null);
    }

    /** Megapixels of all requested images, counting a megapixel as 1024 x 1024 pixels, as vendors bill. */
    public double megapixels() {
        return (double) width * height * count / (1024.0 * 1024.0);
    }

    private static int within(int value, int min, int max, String field) {
        if (value < min || value > max) {
            throw MessageFormatException.invalid(field, "must be between " + min + " and " + max + ", was " + value);
        }
        return value;
    }
}
