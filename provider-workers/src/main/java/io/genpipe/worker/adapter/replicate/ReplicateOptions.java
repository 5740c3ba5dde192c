package io.genpipe.worker.adapter.replicate;

import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Replicate's options for one provider, bound from {@code genpipe.workers.providers.<name>.options}.
 *
 * @param preferWait      how long the create call asks Replicate to hold it open for the result ({@code Prefer:
 *                        wait=n}, 1 to 60 s), never past the attempt's deadline less a second. A fast model then ends
 *                        in one call; but the prediction id, which the journal needs to resume after a crash, is only
 *                        known when the call returns, so a long wait widens the window in which a crash pays twice
 * @param pollInterval    the wait between the first polls of a prediction still running; it grows by half at each
 *                        poll, up to {@code maxPollInterval}
 * @param maxPollInterval the longest wait between two polls
 * @param firstPollShare  the first poll comes after this percentage of the model's usual latency (the catalog's
 *                        {@code latency-p50}) less the time the create call already waited, or after
 *                        {@code pollInterval} if that is longer
 * @param copyImages      download each output image into the worker's image store and refer to the copy
 *                        ({@code file:}): Replicate deletes an API prediction's outputs an hour after it ends, so a
 *                        consumer that reads results later needs the copy. Off by default: the links are kept as
 *                        Replicate returned them and no worker time goes on downloads
 */
public record ReplicateOptions(@DefaultValue("5s") Duration preferWait, @DefaultValue("250ms") Duration pollInterval,
                               @DefaultValue("2s") Duration maxPollInterval, @DefaultValue("50") Integer firstPollShare,
                               @DefaultValue("false") Boolean copyImages) {

    /** Declared before DEFAULTS, which the constructor checks against it. */
    private static final Duration LONGEST_WAIT = Duration.ofSeconds(60);
    public static final ReplicateOptions DEFAULTS = new ReplicateOptions(null, null, null, null, null);

    public ReplicateOptions {
        preferWait = preferWait == null ? Duration.ofSeconds(5) : preferWait;
        pollInterval = pollInterval == null ? Duration.ofMillis(250) : pollInterval;
        maxPollInterval = maxPollInterval == null ? Duration.ofSeconds(2) : maxPollInterval;
        firstPollShare = firstPollShare == null ? 50 : firstPollShare;
        copyImages = copyImages != null && copyImages;
        if (preferWait.isNegative() || preferWait.compareTo(LONGEST_WAIT) > 0) {
            throw new IllegalArgumentException("prefer-wait must be from 0 (no wait) to 60s, was " + preferWait);
        }
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

    /**
     * The {@code Prefer} header value for a create with {@code remaining} left of the attempt: whole seconds, at
     * least one; empty when less than that fits, so the call returns at once with the prediction id.
     */
    java.util.Optional<String> prefer(Duration remaining) {
        long seconds = Math.min(preferWait.toSeconds(), remaining.minusSeconds(1).toSeconds());
        return seconds >= 1 ? java.util.Optional.of("wait=" + seconds) : java.util.Optional.empty();
    }

    /** The wait before the first poll of a prediction to a model that usually takes {@code p50}. */
    Duration firstPoll(Duration p50, Duration alreadyWaited) {
        Duration share = p50.multipliedBy(firstPollShare).dividedBy(100).minus(alreadyWaited);
        return share.compareTo(pollInterval) > 0 ? share : pollInterval;
    }

    Duration nextPoll(Duration previous) {
        Duration next = previous.plus(previous.dividedBy(2));
        return next.compareTo(maxPollInterval) > 0 ? maxPollInterval : next;
    }
}
