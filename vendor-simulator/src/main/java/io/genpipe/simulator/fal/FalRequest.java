package io.genpipe.simulator.fal;

import java.time.Duration;
import java.time.Instant;

/**
 * One submitted request. Its timeline is fixed at submit, so its state is a pure function of the time
 * it is polled at: no thread, timer or sleep per request.
 *
 * @param id        the request id handed to the client
 * @param app       {@code owner/app}: the part of the model id the status/result/cancel URLs use
 * @param startsAt  leaves IN_QUEUE at this instant
 * @param endsAt    COMPLETED from this instant on
 * @param outcome   what the result call returns once COMPLETED
 * @param cancelled the client cancelled it before it completed
 */
record FalRequest(String id, String app, Instant startsAt, Instant endsAt, FalOutcome outcome, boolean cancelled) {

    enum Phase { IN_QUEUE, IN_PROGRESS, COMPLETED }

    /**
     * The first tenth of the latency is spent queued, the rest running, like a warm runner picking up
     * work quickly.
     */
    static FalRequest submitted(String id, String app, Instant now, Duration latency, FalOutcome outcome) {
        Instant startsAt = now.plus(latency.dividedBy(10));
        return new FalRequest(id, app, startsAt, now.plus(latency), outcome, false);
    }

    Phase phaseAt(Instant now) {
        if (!now.isBefore(endsAt)) {
            return Phase.COMPLETED;
        }
        return now.isBefore(startsAt) ? Phase.IN_QUEUE : Phase.IN_PROGRESS;
    }

    /** Seconds the model ran, as fal reports in {@code metrics.inference_time}. */
    double inferenceSeconds() {
        return Math.max(0, Duration.between(startsAt, endsAt).toNanos()) / 1e9;
    }

    /** A cancelled request completes at once; its result is the client_cancelled error. */
    FalRequest cancelledAt(Instant now) {
        Instant started = startsAt.isAfter(now) ? now : startsAt;
        return new FalRequest(id, app, started, now, outcome, true);
    }
}
