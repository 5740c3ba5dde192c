package io.genpipe.router.tracking;

import java.time.Instant;
import java.util.Objects;

/**
 * Time, as an input: the router's timer writes a tick to its own topic instead of acting on the job directly, so a
 * decision taken on time is made, stored and published like one taken on an event, and a crash in between repeats
 * it rather than losing it. A tick that finds the job moved on does nothing.
 *
 * @param attempt the attempt the tick is about: the one in flight (timeout), or the one a waiting job would get
 * @param reason  why, when the kind needs one (a budget's denial); {@code null} otherwise
 */
public record Tick(String eventId, String jobId, Instant occurredAt, Kind kind, int attempt, String reason) {

    public enum Kind {
        /** The attempt in flight had no result by its deadline plus grace. */
        ATTEMPT_TIMEOUT,
        /** A waiting job may be routable now: some candidate is back. */
        RETRY,
        /** A waiting job's wait is over. */
        WAIT_OVER,
        /** The tenant's budget ledger refused the attempt's reservation: it was not sent. */
        BUDGET_DENIED,
        /**
         * The attempt was to probe a provider after its cooldown, and another job (of any router instance) holds the
         * probe: it was not sent, and is routed again.
         */
        PROBE_TAKEN
    }

    public Tick {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(kind, "kind");
    }

    /**
     * A tick for a job; its id names the job, the kind and the attempt, and a retry's the moment too, since a job may
     * be retried several times while it waits for the same attempt.
     */
    public static Tick of(String jobId, Kind kind, int attempt, Instant now) {
        String id = jobId + "/tick/" + kind.name().toLowerCase().replace('_', '-') + "/" + attempt
                + (kind == Kind.RETRY ? "/" + now.toEpochMilli() : "");
        return new Tick(id, jobId, now, kind, attempt, null);
    }

    /**
     * The provider's owner refused the attempt's claim of a probe. Its id has the moment in it: the attempt routed
     * again may claim another provider's probe and be refused again, which must not read as a replay of this one.
     */
    public static Tick probeTaken(String jobId, int attempt, String reason, Instant now) {
        return new Tick(jobId + "/tick/probe-taken/" + attempt + "/" + now.toEpochMilli(), jobId, now,
                Kind.PROBE_TAKEN, attempt, reason);
    }

    /** The budget ledger's refusal of an attempt's reservation, with its reason. */
    public static Tick budgetDenied(String jobId, int attempt, String reason, Instant now) {
        return new Tick(jobId + "/tick/budget-denied/" + attempt, jobId, now, Kind.BUDGET_DENIED, attempt, reason);
    }
}
