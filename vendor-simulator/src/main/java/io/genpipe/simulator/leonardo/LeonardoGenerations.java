package io.genpipe.simulator.leonardo;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The jobs the account has made, and how many are pending at once. Jobs are kept for {@link #retention} after they
 * end and at most {@link #capacity} of them, so a long benchmark cannot exhaust memory. The number pending only grows
 * when a job is created, so the peak, measured at each creation, is exact whenever it is read.
 */
final class LeonardoGenerations {

    private final Duration retention;
    private final int capacity;
    private final Map<String, LeonardoGeneration> byId = new ConcurrentHashMap<>();
    private final Queue<String> order = new ConcurrentLinkedQueue<>();
    /** When each pending job ends, soonest first. */
    private final PriorityQueue<Instant> pendingEnds = new PriorityQueue<>();
    private int peak;

    LeonardoGenerations(Duration retention, int capacity) {
        this.retention = retention;
        this.capacity = capacity;
    }

    /** Jobs still PENDING at {@code now}. */
    synchronized int pending(Instant now) {
        settle(now);
        return pendingEnds.size();
    }

    synchronized void add(LeonardoGeneration generation, Instant now) {
        settle(now);
        byId.put(generation.id(), generation);
        order.add(generation.id());
        if (generation.completesAt().isAfter(now)) {
            pendingEnds.add(generation.completesAt());
        }
        peak = Math.max(peak, pendingEnds.size());
        if (byId.size() > capacity) {
            expire(now);
        }
    }

    Optional<LeonardoGeneration> find(String id, Instant now) {
        LeonardoGeneration generation = byId.get(id);
        return generation == null || expired(generation, now) ? Optional.empty() : Optional.of(generation);
    }

    synchronized int peak(Instant now) {
        settle(now);
        return peak;
    }

    synchronized void resetPeak(Instant now) {
        settle(now);
        peak = pendingEnds.size();
    }

    /** Drops jobs past their retention, and the oldest while over capacity. */
    synchronized void expire(Instant now) {
        String id;
        while ((id = order.peek()) != null) {
            LeonardoGeneration generation = byId.get(id);
            if (generation != null && !expired(generation, now) && byId.size() <= capacity) {
                return;
            }
            order.poll();
            byId.remove(id);
        }
    }

    private void settle(Instant now) {
        while (!pendingEnds.isEmpty() && !pendingEnds.peek().isAfter(now)) {
            pendingEnds.poll();
        }
    }

    private boolean expired(LeonardoGeneration generation, Instant now) {
        return !now.isBefore(generation.completesAt().plus(retention));
    }
}
