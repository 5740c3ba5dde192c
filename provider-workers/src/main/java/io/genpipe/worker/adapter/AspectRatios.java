package io.genpipe.worker.adapter;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Vendors that take an aspect ratio rather than pixels (Replicate's flux models, Gemini's image models): the
 * dispatched size goes as the nearest of the ratios the model takes. Those ratios are catalog data, in the model's
 * {@code aspect-ratios} option ("1:1,16:9,..."), because each model has its own set.
 */
public final class AspectRatios {

    private AspectRatios() {
    }

    /** The listed ratio nearest to {@code width} x {@code height}, by log distance; empty when none is listed. */
    public static Optional<String> nearest(String listed, int width, int height) {
        double wanted = Math.log((double) width / height);
        String best = null;
        double bestDistance = Double.MAX_VALUE;
        for (String ratio : parse(listed)) {
            String[] sides = ratio.split(":");
            double distance = Math.abs(Math.log(Double.parseDouble(sides[0]) / Double.parseDouble(sides[1])) - wanted);
            if (distance < bestDistance) {
                best = ratio;
                bestDistance = distance;
            }
        }
        return Optional.ofNullable(best);
    }

    private static List<String> parse(String listed) {
        List<String> ratios = new ArrayList<>();
        if (listed == null) {
            return ratios;
        }
        for (String ratio : listed.split(",")) {
            String trimmed = ratio.strip();
            if (trimmed.matches("[1-9][0-9]*:[1-9][0-9]*")) {
                ratios.add(trimmed);
            }
        }
        return ratios;
    }
}
