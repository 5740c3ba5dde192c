package io.genpipe.worker.adapter.leonardo;

import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Leonardo's options for one provider, bound from {@code genpipe.workers.providers.<name>.options}. None is a secret.
 *
 * @param pollInterval    the wait between the first polls of a pending generation; it grows by half at each poll, up
 *                        to {@code maxPollInterval}, so a slow job is not polled hundreds of times
 * @param maxPollInterval the longest wait between two polls
 * @param firstPollShare  the first poll comes after this percentage of the model's usual latency (the catalog's
 *                        {@code latency-p50}), or after {@code pollInterval} if that is longer; 0 polls from the start
 * @param publicImages    sent as {@code public}: whether Leonardo shows the images in its community feed. Off by
 *                        default, since a job's images are the caller's
 */
public record LeonardoOptions(@DefaultValue("500ms") Duration pollInterval, @DefaultValue("3s") Duration maxPollInterval,
                              @DefaultValue("50") Integer firstPollShare, @DefaultValue("false") Boolean publicImages) {

    public static final LeonardoOptions DEFAULTS = new LeonardoOptions(null, null, null, null);

    public LeonardoOptions {
        pollInterval = pollInterval == null ? Duration.ofMillis(500) : pollInterval;
        maxPollInterval = maxPollInterval == null ? Duration.ofSeconds(3) : maxPollInterval;
        firstPollShare = firstPollShare == null ? 50 : firstPollShare;
        publicImages = publicImages != null && publicImages;
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("poll-interval must be positive, was " + pollInterval);
        }
        if (maxPollInterval.compareTo(pollInterval) < 0) {
            throw new IllegalArgumentException("max-poll-interval must be at least poll-interval (" + pollInterval
                    + "), was " + maxPollInterval);
        }
        if (firstPollShare < 0 || firstPollShare > 100) {
            throw new IllegalArgumentException("first-poll-share must be a percentage from 0 to 100, was "
                    + firstPollShare);
        }
    }

    /** The wait before the first poll of a job on a model that usually takes {@code p50}. */
    Duration firstPoll(Duration p50) {
        Duration share = p50.multipliedBy(firstPollShare).dividedBy(100);
        return share.compareTo(pollInterval) > 0 ? share : pollInterval;
    }

    /** The wait after one of {@code previous}: half as long again, up to the maximum. */
    Duration nextPoll(Duration previous) {
        Duration next = previous.plus(previous.dividedBy(2));
        return next.compareTo(maxPollInterval) > 0 ? maxPollInterval : next;
    }
}
