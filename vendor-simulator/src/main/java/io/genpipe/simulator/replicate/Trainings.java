package io.genpipe.simulator.replicate;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/** The trainings the simulated account has started; at most {@code capacity}, the oldest going first. */
final class Trainings {

    private final int capacity;
    private final Map<String, TrainingRun> byId = new ConcurrentHashMap<>();
    private final Queue<String> order = new ConcurrentLinkedQueue<>();

    Trainings(int capacity) {
        this.capacity = capacity;
    }

    synchronized void add(TrainingRun training) {
        byId.put(training.id(), training);
        order.add(training.id());
        while (byId.size() > capacity) {
            String oldest = order.poll();
            if (oldest == null) {
                break;
            }
            byId.remove(oldest);
        }
    }

    Optional<TrainingRun> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** Cancelled at {@code now}; a terminal training stays as it is. Empty when there is no such training. */
    synchronized Optional<TrainingRun> cancel(String id, Instant now) {
        TrainingRun training = byId.get(id);
        if (training == null) {
            return Optional.empty();
        }
        TrainingRun canceled = training.canceled(now);
        byId.put(id, canceled);
        return Optional.of(canceled);
    }

    /** Trainings not yet ended at {@code now}. Trainings are few, so counting them all is cheap. */
    int unfinishedAt(Instant now) {
        return (int) byId.values().stream().filter(training -> !training.statusAt(now).terminal()).count();
    }
}
