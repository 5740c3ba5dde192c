package io.genpipe.simulator.profile;

import io.genpipe.simulator.LatencyProfile;

import java.time.Duration;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;

/**
 * The seeded random draws of one vendor. One generator per vendor, so traffic to one vendor does not
 * shift the draws of the other; the same seed and the same call order give the same run.
 * Draws are serialised because the generator itself is not thread-safe.
 */
public final class Chance {

    private final RandomGenerator random;

    public Chance(long seed) {
        this.random = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
    }

    /** True for about {@code rate} of all calls; never for 0, always for 1. */
    public synchronized boolean happens(double rate) {
        return rate > 0.0 && (rate >= 1.0 || random.nextDouble() < rate);
    }

    public synchronized Duration latency(LatencyProfile profile) {
        return profile.sample(random);
    }

    /** A value in [0, bound). */
    public synchronized int pick(int bound) {
        return random.nextInt(bound);
    }

    /** A non-negative seed as image models report it. */
    public synchronized long seed() {
        return random.nextLong(1L << 32);
    }
}
