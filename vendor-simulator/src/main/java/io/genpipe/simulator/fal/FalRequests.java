package io.genpipe.simulator.fal;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.IntSupplier;

/**
 * The requests fal still knows about, and the account queue that decides when each one runs. fal keeps a result
 * for an hour after it completes; so does this, and it also caps how many it holds so a long benchmark cannot
 * exhaust memory. Changes to requests happen under this object's lock; lookups read the map without it.
 */
final class FalRequests {

    enum CancelResult { CANCELLATION_REQUESTED, ALREADY_COMPLETED, NOT_FOUND }

    private final Duration retention;
    private final int capacity;
    private final IntSupplier slots;
    private final Map<String, FalRequest> byId = new ConcurrentHashMap<>();
    /** Submission order; with an hour of retention it is also, near enough, expiry order. */
    private final Queue<String> order = new ConcurrentLinkedQueue<>();
    private final FalAccountQueue queue = new FalAccountQueue();

    /** With no limit on how many requests run at once. */
    FalRequests(Duration retention, int capacity) {
        this(retention, capacity, () -> Integer.MAX_VALUE);
    }

    /** @param slots how many requests the account may run at once, read each time the queue moves */
    FalRequests(Duration retention, int capacity, IntSupplier slots) {
        this.retention = retention;
        this.capacity = capacity;
        this.slots = slots;
    }

    synchronized void add(FalRequest request, Instant now) {
        byId.put(request.id(), request);
        order.add(request.id());
        queue.enqueue(request);
        settle(now);
        if (byId.size() > capacity) {
            expire(now);
        }
    }

    /** The live request with this id, submitted to this {@code owner/app}, as it stands at {@code now}. */
    Optional<FalRequest> find(String id, String app, Instant now) {
        settle(now);
        FalRequest request = byId.get(id);
        return request != null && request.app().equals(app) && !expired(request, now)
                ? Optional.of(request) : Optional.empty();
    }

    /** The live request with this id, whatever app it was submitted to: for the simulator's own inspection. */
    Optional<FalRequest> find(String id, Instant now) {
        settle(now);
        FalRequest request = byId.get(id);
        return request != null && !expired(request, now) ? Optional.of(request) : Optional.empty();
    }

    /** fal's {@code queue_position} of a request still IN_QUEUE at {@code now}. */
    synchronized int queuePosition(String id, Instant now) {
        settle(now);
        return queue.positionOf(id, now);
    }

    synchronized CancelResult cancel(String id, String app, Instant now) {
        settle(now);
        FalRequest request = byId.get(id);
        if (request == null || !request.app().equals(app) || expired(request, now)) {
            return CancelResult.NOT_FOUND;
        }
        if (request.phaseAt(now) == FalRequest.Phase.COMPLETED) {
            return CancelResult.ALREADY_COMPLETED;
        }
        queue.remove(id);
        byId.put(id, request.cancelledAt(now));
        return CancelResult.CANCELLATION_REQUESTED;
    }

    /** The most requests IN_PROGRESS at once, up to {@code now}, since the start or the last reset. */
    synchronized int peakInProgress(Instant now) {
        settle(now);
        return queue.peak();
    }

    /** Counts the peak afresh from the requests IN_PROGRESS at {@code now}. */
    synchronized void resetPeak(Instant now) {
        settle(now);
        queue.resetPeak();
    }

    /**
     * Moves the account queue to {@code now}; each request that got a slot is stored with its start, and each that
     * passed its start deadline unstarted as completed with its 504.
     */
    synchronized void settle(Instant now) {
        queue.advanceTo(now, slots.getAsInt(), changed -> byId.replace(changed.id(), changed));
    }

    /** Drops expired requests, and the oldest ones while over capacity. */
    synchronized void expire(Instant now) {
        settle(now);
        String id;
        while ((id = order.peek()) != null) {
            FalRequest request = byId.get(id);
            if (request != null && !expired(request, now) && byId.size() <= capacity) {
                return;
            }
            order.poll();
            byId.remove(id);
        }
    }

    int size() {
        return byId.size();
    }

    /** A request still waiting for a slot has no end yet, so it never expires. */
    private boolean expired(FalRequest request, Instant now) {
        return request.endsAt() != null && !now.isBefore(request.endsAt().plus(retention));
    }
}
