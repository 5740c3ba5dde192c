package io.genpipe.router.cooldown;

import java.time.Instant;
import java.util.Objects;

/**
 * Where one provider stands in the router group's eyes, from every attempt result any router instance read. Kept by
 * the one task that owns the provider's results, published on the compacted {@code genpipe.router.cooldowns.v1}
 * (key: provider) whenever it changes, and read by every router instance.
 *
 * @param consecutiveFailures provider failures since its last success
 * @param until               when COOLING: the earliest the provider may be tried again
 * @param since               when the provider entered this state; a probe belongs to one PROBING period
 * @param reason              why, in words ("3 consecutive failures, last: HTTP 503", "credit exhausted: ...")
 * @param probe               when PROBING: the dispatch id of the one probe the router group sent, once one claimed
 *                            it (the owner of the standing grants one claim per period: {@code CooldownProcessor})
 */
public record ProviderCooldown(String provider, State state, int consecutiveFailures, Instant until, Instant since,
                               String reason, String probe) {

    public enum State {
        /** Routed to as usual. */
        AVAILABLE,
        /** Taken out of routing until {@code until}. */
        COOLING,
        /** The cooldown is over: one job at a time, in the whole router group, probes it; its result decides. */
        PROBING
    }

    public ProviderCooldown {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(since, "since");
        reason = reason == null ? "" : reason;
        if (state == State.COOLING) {
            Objects.requireNonNull(until, "until");
        }
        if (state != State.PROBING) {
            probe = null; // a probe belongs to one PROBING period
        }
    }

    /** A standing no probe has claimed (yet). */
    public ProviderCooldown(String provider, State state, int consecutiveFailures, Instant until, Instant since,
                            String reason) {
        this(provider, state, consecutiveFailures, until, since, reason, null);
    }

    /** This PROBING period with its probe claimed by the dispatch {@code dispatchId}. */
    public ProviderCooldown probedBy(String dispatchId) {
        return new ProviderCooldown(provider, state, consecutiveFailures, until, since, reason, dispatchId);
    }

    public static ProviderCooldown available(String provider, Instant now) {
        return new ProviderCooldown(provider, State.AVAILABLE, 0, null, now, "");
    }

    /** Whether it changes what routers do, as opposed to a count only this state's owner needs. */
    public boolean sameStateAs(ProviderCooldown other) {
        return other != null && state == other.state && Objects.equals(until, other.until);
    }
}
