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
 * @param received  what the submit call said besides its input: the full model id and fal's request headers
 * @param readyAt   the earliest it can leave IN_QUEUE: a tenth of its latency after submit
 * @param runTime   how long it runs IN_PROGRESS once started: the other nine tenths
 * @param startsAt  left IN_QUEUE at this instant; null while it waits for a slot
 * @param endsAt    COMPLETED from this instant on; null while it waits for a slot
 * @param outcome   what the result call returns once COMPLETED
 * @param cancelled the client cancelled it before it completed
 * @param startBy   {@code X-Fal-Request-Timeout}: still IN_QUEUE after this instant, it ends unstarted with a 504;
 *                  null without the header
 */
record FalRequest(String id, String app, Received received, Instant readyAt, Duration runTime, Instant startsAt,
                  Instant endsAt, FalOutcome outcome, boolean cancelled, Instant startBy) {

    enum Phase { IN_QUEUE, IN_PROGRESS, COMPLETED }

    /**
     * What fal was told at submit besides the model input, kept so tests can see what a client sent.
     *
     * @param modelId        the full model id submitted to, e.g. {@code fal-ai/flux/schnell}
     * @param noRetry        {@code x-fal-no-retry} was set: fal's queue would not retry the runner's failures
     * @param requestTimeout {@code X-Fal-Request-Timeout}, the deadline for starting; null when not sent
     */
    record Received(String modelId, boolean noRetry, Duration requestTimeout) {
    }

    /**
     * The first tenth of the latency is spent queued, the rest running, like a warm runner picking up work quickly.
     * A request that must wait for a slot stays queued longer and still runs its full nine tenths.
     */
    static FalRequest submitted(String id, String app, Instant now, Duration latency, FalOutcome outcome) {
        return submitted(id, new Received(app, false, null), now, latency, outcome);
    }

    static FalRequest submitted(String id, Received received, Instant now, Duration latency, FalOutcome outcome) {
        Duration queued = latency.dividedBy(10);
        String[] segments = received.modelId().split("/");
        String app = segments.length >= 2 ? segments[0] + "/" + segments[1] : received.modelId();
        Instant startBy = received.requestTimeout() == null ? null : now.plus(received.requestTimeout());
        return new FalRequest(id, app, received, now.plus(queued), latency.minus(queued), null, null, outcome, false,
                startBy);
    }

    /** Runs from {@code start}, when the account gave it a slot. */
    FalRequest startedAt(Instant start) {
        return new FalRequest(id, app, received, readyAt, runTime, start, start.plus(runTime), outcome, cancelled,
                startBy);
    }

    /** Its start deadline passed while it was queued: it completes unstarted, and its result is fal's 504. */
    FalRequest notStartedBy(Instant deadline) {
        return new FalRequest(id, app, received, readyAt, runTime, deadline, deadline,
                new FalOutcome.Failed(FalBodies.Failure.userTimeout()), cancelled, startBy);
    }

    Phase phaseAt(Instant now) {
        if (endsAt != null && !now.isBefore(endsAt)) {
            return Phase.COMPLETED;
        }
        return startsAt != null && !now.isBefore(startsAt) ? Phase.IN_PROGRESS : Phase.IN_QUEUE;
    }

    /** It ran its course: neither cancelled nor dropped unstarted at its deadline. */
    boolean ran() {
        return !cancelled && !(outcome instanceof FalOutcome.Failed failed
                && failed.failure().headers().containsKey(FalBodies.TIMEOUT_TYPE_HEADER));
    }

    /** Seconds the model ran, as fal reports in {@code metrics.inference_time}. */
    double inferenceSeconds() {
        return startsAt == null ? 0 : Math.max(0, Duration.between(startsAt, endsAt).toNanos()) / 1e9;
    }

    /**
     * How far along the run is at {@code now}, from 0 (not started) to 1 (ran its whole time), by the time it ran
     * out of its running time; a training's logs count their steps by it. A cancelled run stops where it was.
     */
    double progressAt(Instant now) {
        if (startsAt == null || now.isBefore(startsAt)) {
            return 0;
        }
        if (runTime.isZero()) {
            return 1;
        }
        Instant until = now.isBefore(endsAt) ? now : endsAt;
        return Math.min(1, (double) Duration.between(startsAt, until).toNanos() / runTime.toNanos());
    }

    /** A cancelled request completes at once; its result is the client_cancelled error. */
    FalRequest cancelledAt(Instant now) {
        Instant started = startsAt == null || startsAt.isAfter(now) ? now : startsAt;
        return new FalRequest(id, app, received, readyAt, runTime, started, now, outcome, true, startBy);
    }
}
