package io.genpipe.bench.proof;

import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;
import java.util.function.ToDoubleFunction;

/**
 * One figure over the runs: every run's value in order, and min / median / max of them. A goal is judged on the
 * median, so one lucky or unlucky run on a shared machine does not decide it; how many runs met it is kept too.
 *
 * @param values every run's value, in the order they ran
 * @param format how a value is printed
 */
record Figure(String name, List<Double> values, DoubleFunction<String> format, Goal goal) {

    Figure {
        values = List.copyOf(values);
    }

    static Figure of(String name, DoubleFunction<String> format, Goal goal, List<ProofRun.Result> runs,
                     ToDoubleFunction<ProofRun.Result> value) {
        return new Figure(name, runs.stream().mapToDouble(value).boxed().toList(), format, goal);
    }

    /** A printf format of one value, e.g. {@code %,.0f}. */
    static DoubleFunction<String> printf(String format) {
        return value -> String.format(Locale.ROOT, format, value);
    }

    double min() {
        return values.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    }

    double max() {
        return values.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    }

    /** The middle value; with an even number of runs, the mean of the two middle ones. */
    double median() {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    boolean met() {
        return goal.met().test(median());
    }

    long runsMeetingGoal() {
        return values.stream().filter(value -> goal.met().test(value)).count();
    }

    String formatted(double value) {
        return format.apply(value);
    }
}
