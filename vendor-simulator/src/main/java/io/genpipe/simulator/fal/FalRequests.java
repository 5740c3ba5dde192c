package io.genpipe.simulator.fal;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The requests fal still knows about. fal keeps a result for an hour after it completes; so does this,
 * and it also caps how many it holds so a long benchmark cannot exhaust memory.
 */
final class FalRequests {

    enum CancelResult { CANCELLATION_REQUESTED, ALREADY_COMPLETED, NOT_FOUND }

    private final Duration retention;
    private final int capacity;
    private final Map<String, FalRequest> byId = new ConcurrentHashMap<>();
    /** Submission order; with an hour of retention it is also, near enough, expiry order. */
    private final Queue<String> order = new ConcurrentLinkedQueue<>();

    FalRequests(Duration retention, int capacity) {
        this.retention = retention;
        this.capacity = capacity;
    }

    void add(FalRequest request, Instant now) {
        byId.put(request.id(), request);
        order.add(request.id());
        if (byId.size() > capacity) {
            expire(now);
        }
    }

    /** The live request with this id, submitted to this {@code owner/app}. */
    Optional<FalRequest> find(String id, String app, Instant now) {
        FalRequest request = byId.get(id);
        return request != null && request.app().equals(app) && !expired(request, now)
                ? Optional.of(request) : Optional.empty();
    }

    CancelResult cancel(String id, String app, Instant now) {
        CancelResult[] result = {CancelResult.NOT_FOUND};
        byId.computeIfPresent(id, (key, request) -> {
            if (!request.app().equals(app) || expired(request, now)) {
                return request;
            }
            if (request.phaseAt(now) == FalRequest.Phase.COMPLETED) {
                result[0] = CancelResult.ALREADY_COMPLETED;
                return request;
            }
            result[0] = CancelResult.CANCELLATION_REQUESTED;
            return request.cancelledAt(now);
        });
        return result[0];
    }

    /** Drops expired requests, and the oldest ones while over capacity. */
    synchronized void expire(Instant now) {
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

    private boolean expired(FalRequest request, Instant now) {
        return !now.isBefore(request.endsAt().plus(retention));
    }
}
