package io.genpipe.sink.webhooks;

import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code genpipe.webhooks.retry.*}: exponential back-off with jitter. After the n-th failed attempt the next waits
 * {@code min(max, initial * 2^(n-1))}, less up to {@code jitter} of it at random, so that the deliveries a receiver's
 * outage held back do not all come again in the same second. A delivery is given up after {@code maxAttempts}
 * attempts, or when its next attempt would come later than {@code maxAge} after its outcome was recorded.
 *
 * @param jitter 0 (exact waits) to 1 (anywhere from 0 to the full wait)
 */
public record RetrySchedule(@DefaultValue("10s") Duration initial,
                            @DefaultValue("1h") Duration max,
                            @DefaultValue("0.5") double jitter,
                            @DefaultValue("12") int maxAttempts,
                            @DefaultValue("24h") Duration maxAge) {

    public RetrySchedule {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("genpipe.webhooks.retry needs 0 < initial <= max, was " + initial
                    + " and " + max);
        }
        if (jitter < 0 || jitter > 1) {
            throw new IllegalArgumentException("genpipe.webhooks.retry.jitter must be 0 to 1, was " + jitter);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("genpipe.webhooks.retry.max-attempts must be at least 1, was "
                    + maxAttempts);
        }
    }

    /**
     * @param attempts how many attempts failed so far (1 after the first)
     * @param random   in [0, 1): how much of the jitter to take off
     */
    public Duration delay(int attempts, double random) {
        Duration wait = initial;
        for (int i = 1; i < attempts && wait.compareTo(max) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        if (wait.compareTo(max) > 0) {
            wait = max;
        }
        long millis = wait.toMillis();
        return Duration.ofMillis(millis - Math.round(millis * jitter * random));
    }

    /**
     * @return when to try again after {@code attempts} failed attempts, or empty to give up
     */
    public Optional<Instant> next(int attempts, Instant createdAt, Instant now, double random) {
        if (attempts >= maxAttempts) {
            return Optional.empty();
        }
        Instant next = now.plus(delay(attempts, random));
        return next.isAfter(createdAt.plus(maxAge)) ? Optional.empty() : Optional.of(next);
    }
}
