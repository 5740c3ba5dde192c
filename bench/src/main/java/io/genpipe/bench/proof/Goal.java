package io.genpipe.bench.proof;

import java.util.function.DoublePredicate;

/**
 * What issue 10 asks of a figure, as it is printed beside it ({@code ≥ 1/30}, {@code < 15 ms}) and as a test of a
 * value. Figures that are context, not goals, have {@link #NONE}.
 */
record Goal(String text, DoublePredicate met) {

    static final Goal NONE = new Goal("—", value -> true);

    static Goal atLeast(double bound, String text) {
        return new Goal(text, value -> value >= bound);
    }

    static Goal atMost(double bound, String text) {
        return new Goal(text, value -> value <= bound);
    }

    static Goal below(double bound, String text) {
        return new Goal(text, value -> value < bound);
    }

    boolean isSet() {
        return this != NONE;
    }
}
