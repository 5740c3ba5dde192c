package io.genpipe.simulator.fal;

import java.time.Duration;
import java.time.Instant;

/**
 * One submitted request. Its latency is drawn at submit; when it starts running depends on the account's queue
 * ({@link FalAccountQueue}), which sets {@code startsAt} once a slot is free. Its state is then a pure function of
 * the time it is polled at: no thread, timer or sleep per request.
 *
 * @param id        the request id handed to the client
 * @param app       {@code owner/app}: the part of the model id the status/result/cancel URLs use
 * @param readyAt   the earliest it can leave IN_QUEUE: a tenth of its latency after submit
 * @param runTime   how long it runs IN_PROGRESS once started: the other nine tenths
 * @param startsAt  left IN_QUEUE at this instant; null while it waits for a slot
 * @param endsAt    COMPLETED from this instant on; null while it waits for a slot
 * @param outcome   what the result call returns once COMPLETED
 * @param cancelled the client cancelled it before it completed
 */
record FalRequest(String id, String app, Instant readyAt, Duration runTime, Instant startsAt, Instant endsAt,
                  FalOutcome outcome, boolean cancelled) {

    enum Phase { IN_QUEUE, IN_PROGRESS, COMPLETED }

    /**
     * The first tenth of the latency is spent queued, the rest running, like a warm runner picking up work quickly.
     * A request that must wait for a slot stays queued longer and still runs its full nine tenths.
     */
    static FalRequest submitted(String id, String app, Instant now, Duration latency, FalOutcome outcome) {
        Duration queued = latency.dividedBy(10);
        return new FalRequest(id, app, now.plus(queued), latency.minus(queued), null, null, outcome, false);
    }

    /** Runs from {@code start}, when the account gave it a slot. */
    FalRequest startedAt(Instant start) {
        return new FalRequest(id, app, readyAt, runTime, start, start.plus(runTime), outcome, cancelled);
    }

    Phase phaseAt(Instant now) {
        if (endsAt != null && !now.isBefore(endsAt)) {
            return Phase.COMPLETED;
        }
        return startsAt != null && !now.isBefore(startsAt) ? Phase.IN_PROGRESS : Phase.IN_QUEUE;
    }

    /** Seconds the model ran, as fal reports in {@code metrics.inference_time}. */
    double inferenceSeconds() {
        return startsAt == null ? 0 : Math.max(0, Duration.between(startsAt, endsAt).toNanos()) / 1e9;
    }

    /** A cancelled request completes at once; its result is the client_cancelled error. */
    FalRequest cancelledAt(Instant now) {
        Instant started = startsAt == null || startsAt.isAfter(now) ? now : startsAt;
        return new FalRequest(id, app, readyAt, runTime, started, now, outcome, true);
    }
}
