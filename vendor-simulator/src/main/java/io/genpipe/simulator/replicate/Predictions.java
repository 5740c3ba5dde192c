package io.genpipe.simulator.replicate;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The predictions the simulated account has made, and how many of them are unfinished at once. Replicate keeps a
 * prediction and removes its data an hour after it ends; this keeps at most {@code capacity} of them (oldest go
 * first) so a long benchmark cannot exhaust memory.
 */
final class Predictions {

    private final int capacity;
    private final Map<String, Prediction> byId = new ConcurrentHashMap<>();
    private final Queue<String> order = new ConcurrentLinkedQueue<>();
    /** When each unfinished prediction ends, to count them at a create without looking at every prediction. */
    private final PriorityQueue<Unfinished> unfinished = new PriorityQueue<>();
    private int peak;

    Predictions(int capacity) {
        this.capacity = capacity;
    }

    private record Unfinished(Instant endsAt, String id) implements Comparable<Unfinished> {
        @Override
        public int compareTo(Unfinished other) {
            return endsAt.compareTo(other.endsAt);
        }
    }

    /** Unfinished predictions at {@code now}. */
    synchronized int unfinishedAt(Instant now) {
        settle(now);
        return unfinished.size();
    }

    synchronized void add(Prediction prediction, Instant now) {
        byId.put(prediction.id(), prediction);
        order.add(prediction.id());
        unfinished.add(new Unfinished(prediction.endsAt(), prediction.id()));
        settle(now);
        peak = Math.max(peak, unfinished.size());
        while (byId.size() > capacity) {
            String oldest = order.poll();
            if (oldest == null) {
                break;
            }
            byId.remove(oldest);
        }
    }

    Optional<Prediction> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** Cancels it at {@code now}; empty when no such prediction exists. */
    synchronized Optional<Prediction> cancel(String id, Instant now) {
        Prediction prediction = byId.get(id);
        if (prediction == null) {
            return Optional.empty();
        }
        Prediction canceled = prediction.canceled(now);
        byId.put(id, canceled);
        if (canceled != prediction) {
            unfinished.removeIf(entry -> entry.id().equals(id));
        }
        return Optional.of(canceled);
    }

    synchronized int peak(Instant now) {
        settle(now);
        return peak;
    }

    synchronized void resetPeak(Instant now) {
        settle(now);
        peak = unfinished.size();
    }

    private void settle(Instant now) {
        while (!unfinished.isEmpty() && !now.isBefore(unfinished.peek().endsAt())) {
            unfinished.poll();
        }
    }
}
