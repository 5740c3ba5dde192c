package io.genpipe.simulator;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How long a generation takes, as a log-normal distribution fixed by its median and 95th percentile.
 * Log-normal because real generation latencies are skewed: most calls near the median, a long slow tail.
 *
 * @param median half of all generations take at most this long
 * @param p95    95% of all generations take at most this long; never below {@code median}
 */
public record LatencyProfile(Duration median, Duration p95) {

    /** z-score of the 95th percentile of the standard normal distribution. */
    private static final double Z_95 = 1.6448536269514722;
    /** Samples are capped here so one unlucky draw in a wide profile cannot stall a test for minutes. */
    private static final int TAIL_CAP_TIMES_P95 = 10;

    public LatencyProfile {
        Objects.requireNonNull(median, "median");
        Objects.requireNonNull(p95, "p95");
        if (median.isNegative() || median.isZero()) {
            throw new IllegalArgumentException("median latency must be positive, was " + median);
        }
        if (p95.compareTo(median) < 0) {
            throw new IllegalArgumentException("p95 latency " + p95 + " is below the median " + median);
        }
    }

    /** Every generation takes exactly {@code duration}. */
    public static LatencyProfile fixed(Duration duration) {
        return new LatencyProfile(duration, duration);
    }

    /** Draws one latency from this distribution. */
    public Duration sample(RandomGenerator random) {
        double medianNanos = median.toNanos();
        double sigma = Math.log(p95.toNanos() / medianNanos) / Z_95;
        if (sigma == 0.0) {
            return median;
        }
        double nanos = medianNanos * Math.exp(sigma * random.nextGaussian());
        double cap = (double) p95.toNanos() * TAIL_CAP_TIMES_P95;
        return Duration.ofNanos((long) Math.max(1.0, Math.min(nanos, cap)));
    }
}
