package io.genpipe.worker.adapter.fal;

import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * fal's options for one provider, bound from {@code genpipe.workers.providers.<name>.options}.
 *
 * @param pollInterval    the wait between the first status polls of one queued request; it grows by half at each
 *                        poll, up to {@code maxPollInterval}, so a long generation is not polled hundreds of times
 * @param maxPollInterval the longest wait between two polls
 * @param firstPollShare  the first poll comes after this percentage of the model's usual latency (the catalog's
 *                        {@code latency-p50}), or after {@code pollInterval} if that is longer: asking before the
 *                        model can be done only costs requests; 0 polls from the start
 * @param copyImages      download each image into the worker's image store and refer to the copy ({@code file:}):
 *                        fal's media links do not last (how long is fal's CDN policy, not a promise), so a consumer
 *                        that reads results later needs the copy. Off by default: the links are kept as fal returned
 *                        them and no worker time goes on downloads
 */
public record FalOptions(@DefaultValue("250ms") Duration pollInterval, @DefaultValue("2s") Duration maxPollInterval,
                         @DefaultValue("50") Integer firstPollShare, @DefaultValue("false") Boolean copyImages) {

    public static final FalOptions DEFAULTS = new FalOptions(null, null, null, null);

    public FalOptions {
        pollInterval = pollInterval == null ? Duration.ofMillis(250) : pollInterval;
        maxPollInterval = maxPollInterval == null ? Duration.ofSeconds(2) : maxPollInterval;
        firstPollShare = firstPollShare == null ? 50 : firstPollShare;
        copyImages = copyImages != null && copyImages;
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

    /** The wait before the first status poll of a new request to a model that usually takes {@code p50}. */
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
