package io.genpipe.simulator.leonardo;

import io.genpipe.simulator.VendorProfile;
import io.genpipe.simulator.account.RequestBucket;
import io.genpipe.simulator.profile.Chance;

import java.time.Instant;
import java.util.concurrent.atomic.LongAdder;

/**
 * What Leonardo's account sees of the calls that spend credits, {@code POST /generations} and {@code POST /models}
 * (a training): one count of them, one per-minute bucket, one count of refusals for the account's limits, and the
 * profile's refusals in one order (outage, credit, per-minute limit, random rate limit), so a training is refused as
 * a generation is.
 */
final class LeonardoAccount {

    private final Chance chance;
    private final LongAdder creates = new LongAdder();
    private final LongAdder limitRefusals = new LongAdder();
    private final RequestBucket requestsPerMinute = new RequestBucket();

    LeonardoAccount(Chance chance) {
        this.chance = chance;
    }

    /** A create call arrived, whatever it will be answered. */
    void counted() {
        creates.increment();
    }

    long creates() {
        return creates.sum();
    }

    long limitRefusals() {
        return limitRefusals.sum();
    }

    void refusedForLimit() {
        limitRefusals.increment();
    }

    void resetRefusals() {
        limitRefusals.reset();
    }

    /** Throws the answer Leonardo gives a create call the profile refuses; returns when it may go on. */
    void admit(VendorProfile current, Instant now) {
        if (current.outage()) {
            throw new LeonardoError.Rejected(LeonardoError.unavailable());
        }
        if (current.creditExhausted()) {
            throw new LeonardoError.Rejected(LeonardoError.notEnoughTokens());
        }
        if (!requestsPerMinute.tryTake(current.requestsPerMinute(), now)) {
            limitRefusals.increment();
            throw new LeonardoError.Rejected(LeonardoError.rateLimited(current.retryAfterHeaders(false)));
        }
        if (chance.happens(current.rateLimitRate())) {
            throw new LeonardoError.Rejected(LeonardoError.rateLimited(current.retryAfterHeaders(false)));
        }
    }
}
