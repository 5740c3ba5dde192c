package io.genpipe.worker.ratelimit;

/**
 * Tokens for starting calls at an average rate with a bounded burst. Not thread-safe: its {@link CallGate} guards
 * it. Times are {@code System.nanoTime()} readings, passed in so tests drive them.
 *
 * <p>Over any window of {@code w} seconds it hands out at most {@code capacity + rate × w} tokens, so with a
 * capacity within a second's worth the calls conform to a vendor that enforces its per-minute limit quantized per
 * second, as OpenAI documents it does.
 */
final class TokenBucket {

    private static final double NANOS_PER_SECOND = 1e9;

    private double perNano;
    private double capacity;
    private double tokens;
    private long updated;

    /** Starts full. */
    TokenBucket(double perSecond, double capacity, long now) {
        resize(perSecond, capacity, now);
    }

    /**
     * A new rate and burst (this instance's share changed). A larger burst comes with its extra tokens, as the
     * partitions that brought it left another instance's bucket smaller; saved-up tokens past a smaller one go.
     */
    void resize(double perSecond, double capacity, long now) {
        if (perSecond < 0 || capacity < 0) {
            throw new IllegalArgumentException(
                    "rate and capacity must not be negative: " + perSecond + ", " + capacity);
        }
        refill(now);
        this.perNano = perSecond / NANOS_PER_SECOND;
        this.tokens = Math.min(tokens + Math.max(0, capacity - this.capacity), capacity);
        this.capacity = capacity;
    }

    /**
     * Takes a token and answers 0, or takes none and answers the nanoseconds until one is there:
     * {@code Long.MAX_VALUE} when none ever will at this rate (a share of 0).
     */
    long take(long now) {
        refill(now);
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        if (perNano == 0 || capacity < 1) {
            return Long.MAX_VALUE;
        }
        return Math.max(1, (long) Math.ceil((1 - tokens) / perNano));
    }

    /** Whole tokens there now. */
    int available(long now) {
        refill(now);
        return (int) Math.floor(tokens);
    }

    private void refill(long now) {
        long elapsed = now - updated;
        if (elapsed > 0) {
            tokens = Math.min(capacity, tokens + elapsed * perNano);
        }
        updated = now;
    }
}
