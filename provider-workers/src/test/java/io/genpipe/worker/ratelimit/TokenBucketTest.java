package io.genpipe.worker.ratelimit;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class TokenBucketTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @Test
    void startsFullAndHandsOutItsBurstThenSaysWhenTheNextTokenComes() {
        TokenBucket bucket = new TokenBucket(10, 10, 0);

        for (int i = 0; i < 10; i++) {
            assertThat(bucket.take(0)).isZero();
        }

        assertThat(bucket.take(0)).isEqualTo(SECOND / 10);
    }

    @Test
    void refillsAtItsRateUpToItsCapacity() {
        TokenBucket bucket = new TokenBucket(10, 10, 0);
        drain(bucket, 0);

        assertThat(bucket.available(SECOND / 2)).isEqualTo(5);
        assertThat(bucket.available(60 * SECOND)).isEqualTo(10);
    }

    @Test
    void neverHandsOutMoreThanItsBurstPlusItsRateOverAWindow() {
        TokenBucket bucket = new TokenBucket(10, 10, 0);
        int taken = 0;
        for (long now = 0; now <= 3 * SECOND; now += SECOND / 100) {
            while (bucket.take(now) == 0) {
                taken++;
            }
        }

        // 10 + 30 at most; one fewer when the last refill lands a rounding error short of a whole token.
        assertThat(taken).isBetween(10 + 30 - 1, 10 + 30);
    }

    @Test
    void aSmallerShareDropsTheSavedUpBurst() {
        TokenBucket bucket = new TokenBucket(10, 10, 0);

        bucket.resize(5, 5, 0);

        assertThat(bucket.available(0)).isEqualTo(5);
        drain(bucket, 0);
        assertThat(bucket.take(0)).isEqualTo(SECOND / 5);
    }

    @Test
    void aLargerShareComesWithItsExtraBurst() {
        TokenBucket bucket = new TokenBucket(5, 5, 0);
        drain(bucket, 0);

        bucket.resize(10, 10, 0);

        assertThat(bucket.available(0)).isEqualTo(5);
    }

    @Test
    void aShareOfNothingNeverHasATokenAgain() {
        TokenBucket bucket = new TokenBucket(10, 10, 0);

        bucket.resize(0, 0, 0);

        assertThat(bucket.take(0)).isEqualTo(Long.MAX_VALUE);
        assertThat(bucket.take(3600 * SECOND)).isEqualTo(Long.MAX_VALUE);
    }

    private static void drain(TokenBucket bucket, long now) {
        while (bucket.take(now) == 0) {
            // empty it
        }
    }
}
