package io.genpipe.worker.adapter.fal;

import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * fal's options for one provider, bound from {@code genpipe.workers.providers.<name>.options}.
 *
 * @param pollInterval the wait between status polls of one queued request
 */
public record FalOptions(@DefaultValue("250ms") Duration pollInterval) {

    public static final FalOptions DEFAULTS = new FalOptions(null);

    public FalOptions {
        pollInterval = pollInterval == null ? Duration.ofMillis(250) : pollInterval;
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("poll-interval must be positive, was " + pollInterval);
        }
    }
}
