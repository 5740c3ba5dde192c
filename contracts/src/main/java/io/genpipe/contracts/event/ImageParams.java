package io.genpipe.contracts.event;

import io.genpipe.contracts.json.MessageFormatException;

/**
 * What the caller wants the images to look like, in vendor-neutral terms; each adapter maps them onto its
 * vendor's parameters. Absent values take the defaults below. What sizes and counts a model accepts is the
 * catalog's to say, not the contract's: the router only sends a job to a model that takes it as asked.
 *
 * @param width          pixels, at least 1 (default 1024)
 * @param height         pixels, at least 1 (default 1024)
 * @param count          images to generate, at least 1 (default 1)
 * @param seed           optional, for vendors that support reproducible output
 * @param negativePrompt optional, for vendors that support one
 * @param steps          optional inference steps, for models that take them (the catalog gives each model's range);
 *                       quality presets set it
 */
public record ImageParams(Integer width, Integer height, Integer count, Long seed, String negativePrompt,
                          Integer steps) {

    public static final int DEFAULT_SIZE = 1024;

    public ImageParams {
        width = atLeastOne(width == null ? DEFAULT_SIZE : width, "width");
        height = atLeastOne(height == null ? DEFAULT_SIZE : height, "height");
        count = atLeastOne(count == null ? 1 : count, "count");
        if (steps != null) {
            atLeastOne(steps, "steps");
        }
    }

    /** Parameters without steps: the model's own default. */
    public ImageParams(Integer width, Integer height, Integer count, Long seed, String negativePrompt) {
        this(width, height, count, seed, negativePrompt, null);
    }

    public static ImageParams defaults() {
        return new ImageParams(null, null, null, null, null, null);
    }

    public ImageParams withSize(int newWidth, int newHeight) {
        return new ImageParams(newWidth, newHeight, count, seed, negativePrompt, steps);
    }

    public ImageParams withSteps(Integer newSteps) {
        return new ImageParams(width, height, count, seed, negativePrompt, newSteps);
    }

    /** Megapixels of all requested images, counting a megapixel as 1024 x 1024 pixels, as vendors bill. */
    public double megapixels() {
        return (double) width * height * count / (1024.0 * 1024.0);
    }

    private static int atLeastOne(int value, String field) {
        if (value < 1) {
            throw MessageFormatException.invalid(field, "must be at least 1, was " + value);
        }
        return value;
    }
}
