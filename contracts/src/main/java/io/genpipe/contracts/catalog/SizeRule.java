package io.genpipe.contracts.catalog;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The image sizes a model accepts: a fixed list (GPT image 1 style), or a rule (sides in multiples of N between a
 * minimum and the largest size, within an aspect range), optionally with presets. A size the rule admits only after
 * rounding to its multiple is sent rounded, and that adjustment is recorded; a size outside it is refused, never
 * silently shrunk.
 */
public sealed interface SizeRule {

    /** Why {@code asked} cannot be sent, in words for the caller ("allows at most 3840x2160"); empty when it can. */
    Optional<String> violation(Size asked);

    /** The size the vendor is sent for {@code asked}: the same, rounded to the rule, or empty when it is refused. */
    Optional<Size> fit(Size asked);

    /** What the rule allows, for error messages and {@code GET /v1/models}. */
    String describe();

    /** False for a rule no size can satisfy: the catalog refuses it at start-up. */
    boolean admitsAnySize();

    /** A fixed set of sizes; anything else is refused. */
    record Listed(List<Size> sizes) implements SizeRule {

        public Listed {
            sizes = List.copyOf(sizes);
        }

        @Override
        public Optional<String> violation(Size asked) {
            return sizes.contains(asked) ? Optional.empty() : Optional.of("allows only " + describe());
        }

        @Override
        public Optional<Size> fit(Size asked) {
            return sizes.contains(asked) ? Optional.of(asked) : Optional.empty();
        }

        @Override
        public String describe() {
            return sizes.stream().map(Size::toString).collect(Collectors.joining(", "));
        }

        @Override
        public boolean admitsAnySize() {
            return !sizes.isEmpty();
        }
    }

    /**
     * Any size whose sides are multiples of {@code multipleOf}, at least {@code minSide}, with no more pixels than
     * {@code largest} and no side longer than its longer side, and an aspect (long over short side) of at most
     * {@code maxAspect}; plus the {@code presets}, which are always allowed.
     */
    record Ranged(int multipleOf, int minSide, Size largest, double maxAspect, List<Size> presets) implements SizeRule {

        public Ranged {
            if (multipleOf < 1) {
                throw new IllegalArgumentException("multiple-of must be at least 1, was " + multipleOf);
            }
            if (minSide < 1) {
                throw new IllegalArgumentException("min-side must be at least 1, was " + minSide);
            }
            if (largest == null) {
                throw new IllegalArgumentException("largest is required");
            }
            if (!(maxAspect >= 1)) {
                throw new IllegalArgumentException("max-aspect must be at least 1, was " + maxAspect);
            }
            presets = presets == null ? List.of() : List.copyOf(presets);
        }

        public int maxSide() {
            return Math.max(largest.width(), largest.height());
        }

        @Override
        public Optional<String> violation(Size asked) {
            Optional<Size> fitted = fit(asked);
            if (fitted.isPresent()) {
                return Optional.empty();
            }
            return Optional.of(reasonRefused(round(asked)));
        }

        @Override
        public Optional<Size> fit(Size asked) {
            if (presets.contains(asked)) {
                return Optional.of(asked);
            }
            Size rounded = round(asked);
            return reasonRefusedOrNull(rounded) == null ? Optional.of(rounded) : Optional.empty();
        }

        @Override
        public String describe() {
            String rule = "sides of " + minSide + " to " + maxSide() + " px"
                    + (multipleOf > 1 ? " in multiples of " + multipleOf : "")
                    + ", at most " + largest + " in pixels"
                    + ", aspect up to " + aspectText(maxAspect) + ":1";
            return presets.isEmpty() ? rule : rule + "; or " + new Listed(presets).describe();
        }

        @Override
        public boolean admitsAnySize() {
            if (!presets.isEmpty()) {
                return true;
            }
            int smallest = roundUp(minSide);
            return smallest <= maxSide() && (long) smallest * smallest <= largest.pixels();
        }

        private Size round(Size asked) {
            return new Size(nearestMultiple(asked.width()), nearestMultiple(asked.height()));
        }

        private int nearestMultiple(int side) {
            int rounded = Math.round((float) side / multipleOf) * multipleOf;
            return Math.max(multipleOf, rounded);
        }

        private int roundUp(int side) {
            return (side + multipleOf - 1) / multipleOf * multipleOf;
        }

        private String reasonRefused(Size size) {
            String reason = reasonRefusedOrNull(size);
            return reason == null ? "allows " + describe() : reason;
        }

        private String reasonRefusedOrNull(Size size) {
            if (Math.min(size.width(), size.height()) < minSide) {
                return "allows sides of at least " + minSide + " px";
            }
            if (Math.max(size.width(), size.height()) > maxSide() || size.pixels() > largest.pixels()) {
                return "allows at most " + largest;
            }
            if (size.aspect() > maxAspect + 1e-9) {
                return "allows an aspect of at most " + aspectText(maxAspect) + ":1";
            }
            return null;
        }

        private static String aspectText(double aspect) {
            return aspect == Math.rint(aspect) ? Long.toString((long) aspect) : Double.toString(aspect);
        }
    }
}
