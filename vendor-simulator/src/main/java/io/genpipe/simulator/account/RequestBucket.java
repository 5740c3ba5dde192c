package io.genpipe.simulator.account;

import java.time.Duration;
import java.time.Instant;

/**
 * An account's requests-per-minute limit R as a token bucket: R/60 tokens a second, holding at most one second's
 * worth, max(1, R/60). A whole minute's worth at once would let a client burst R calls and then wait; OpenAI
 * documents that it enforces per-minute limits over shorter periods, so a client that only spreads its calls over
 * the minute is refused, as it would be at the vendor.
 *
 * <p>Kept as the generic cell rate algorithm: one instant, when the bucket is full again, instead of a
 * fractional token count, so the arithmetic is exact in nanoseconds. A refused call takes no token.
 * Time comes from the caller, so a test clock drives refills. Thread-safe.
 */
public final class RequestBucket {

    private static final long NANOS_PER_MINUTE = Duration.ofMinutes(1).toNanos();
    private static final long NANOS_PER_SECOND = Duration.ofSeconds(1).toNanos();

    /** The limit the bucket was filled for; a different one starts a full bucket. */
    private Integer limit;
    /** When the bucket is full again; each call taken pushes it one interval (60 s / R) further. */
    private Instant fullAt;

    /**
     * Takes a token for a call at {@code now}, if the bucket for {@code requestsPerMinute} has one.
     *
     * @param requestsPerMinute the account's limit, at least 1; null lets every call through
     * @return false if the call is over the limit
     */
    public synchronized boolean tryTake(Integer requestsPerMinute, Instant now) {
        if (requestsPerMinute == null) {
            limit = null;
            return true;
        }
        if (!requestsPerMinute.equals(limit)) {
            // A new limit is a new bucket, and a new bucket is full.
            limit = requestsPerMinute;
            fullAt = now;
        }
        long interval = NANOS_PER_MINUTE / requestsPerMinute;
        // A call may take the last token while the bucket is at most capacity - 1 tokens short of full: one second
        // less one interval, or nothing when the capacity is a single token.
        Duration shortOfFull = Duration.ofNanos(Math.max(0, NANOS_PER_SECOND - interval));
        if (fullAt.minus(shortOfFull).isAfter(now)) {
            return false;
        }
        fullAt = (fullAt.isAfter(now) ? fullAt : now).plusNanos(interval);
        return true;
    }
}
