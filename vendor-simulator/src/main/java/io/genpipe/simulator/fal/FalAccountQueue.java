package io.genpipe.simulator.fal;

import java.time.Instant;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * The account's side of fal's queue: a request waits IN_QUEUE until it is ready to be picked up and one of the
 * account's slots is free, then runs IN_PROGRESS (vendor-apis.md section 1: the concurrency limit counts
 * IN_PROGRESS requests only, and queued requests wait, never rejected). Slots are handed out first come, first
 * served in the order requests become ready. A request given a start deadline ({@code X-Fal-Request-Timeout}) that
 * is still waiting when it passes leaves the queue unstarted.
 *
 * <p>Nothing runs on a timer: {@link #advanceTo} replays the starts and ends due up to an instant in time order,
 * whenever someone looks. So an injected clock drives it, and the peak it records is exact whenever it is read.
 * Not thread-safe: {@link FalRequests} holds its lock around every call.
 */
final class FalAccountQueue {

    /**
     * A waiting request and its arrival number, so requests ready at the same instant keep submission order.
     * {@code left} marks one that started or passed its deadline, so the deadline queue can drop it lazily.
     */
    private static final class Waiting {
        private final FalRequest request;
        private final long sequence;
        private boolean left;

        Waiting(FalRequest request, long sequence) {
            this.request = request;
            this.sequence = sequence;
        }

        FalRequest request() {
            return request;
        }

        long sequence() {
            return sequence;
        }
    }

    private static final Comparator<Waiting> READY_ORDER = Comparator.<Waiting, Instant>comparing(
            waiting -> waiting.request().readyAt()).thenComparingLong(Waiting::sequence);

    private final PriorityQueue<Waiting> waiting = new PriorityQueue<>(READY_ORDER);
    /** The waiting requests that have a start deadline, earliest first; entries that left are skipped. */
    private final PriorityQueue<Waiting> deadlines = new PriorityQueue<>(
            Comparator.<Waiting, Instant>comparing(entry -> entry.request().startBy()));
    private final PriorityQueue<FalRequest> running = new PriorityQueue<>(Comparator.comparing(FalRequest::endsAt));
    /** Every start and end up to here has been replayed; a slot freed now cannot be used in the past. */
    private Instant settledUntil = Instant.MIN;
    private long arrivals;
    private int peak;

    void enqueue(FalRequest request) {
        Waiting entry = new Waiting(request, arrivals++);
        waiting.add(entry);
        if (request.startBy() != null) {
            deadlines.add(entry);
        }
    }

    /**
     * Replays every start, end and missed start deadline due by {@code now} with at most {@code slots} requests
     * running, and tells {@code changed} about each request that got a slot or passed its deadline unstarted. At one
     * instant an end frees its slot first, then a start takes it, then a deadline drops what is still waiting: a
     * request is IN_PROGRESS from its start, inclusive, to its end, exclusive, and one that starts at its deadline
     * has made it.
     */
    void advanceTo(Instant now, int slots, Consumer<FalRequest> changed) {
        while (true) {
            FalRequest first = running.peek();
            Instant end = first == null ? null : first.endsAt();
            Waiting next = running.size() < slots ? waiting.peek() : null;
            Instant start = next == null ? null : latest(next.request().readyAt(), settledUntil);
            Waiting due = nextDeadline();
            Instant deadline = due == null ? null : latest(due.request().startBy(), settledUntil);
            if (end != null && !end.isAfter(now) && (start == null || !start.isBefore(end))
                    && (deadline == null || !deadline.isBefore(end))) {
                running.poll();
                settledUntil = latest(settledUntil, end);
            } else if (start != null && !start.isAfter(now) && (deadline == null || !deadline.isBefore(start))) {
                waiting.poll();
                next.left = true;
                FalRequest begun = next.request().startedAt(start);
                running.add(begun);
                peak = Math.max(peak, running.size());
                settledUntil = start;
                changed.accept(begun);
            } else if (deadline != null && !deadline.isAfter(now)) {
                deadlines.poll();
                waiting.remove(due);
                due.left = true;
                settledUntil = deadline;
                changed.accept(due.request().notStartedBy(deadline));
            } else {
                break;
            }
        }
        settledUntil = latest(settledUntil, now);
    }

    /** The waiting request whose start deadline comes first, dropping entries that already left. */
    private Waiting nextDeadline() {
        while (!deadlines.isEmpty() && deadlines.peek().left) {
            deadlines.poll();
        }
        return deadlines.peek();
    }

    /** Takes a cancelled request out of the queue, freeing its slot if it had one. Call after advancing. */
    void remove(String id) {
        if (!waiting.removeIf(entry -> {
            boolean match = entry.request().id().equals(id);
            entry.left |= match;
            return match;
        })) {
            running.removeIf(request -> request.id().equals(id));
        }
    }

    /**
     * How many requests are waiting for a slot ahead of request {@code id}: fal's {@code queue_position}, 0 for the
     * next to run. Requests still being picked up (not ready yet) are not waiting for a slot, so without a limit
     * this is always 0. Call after advancing to {@code now}.
     */
    int positionOf(String id, Instant now) {
        Waiting self = waiting.stream().filter(entry -> entry.request().id().equals(id)).findFirst().orElse(null);
        if (self == null) {
            return 0;
        }
        return (int) waiting.stream()
                .filter(entry -> !entry.request().readyAt().isAfter(now) && READY_ORDER.compare(entry, self) < 0)
                .count();
    }

    int inProgress() {
        return running.size();
    }

    /** The most requests that ran at once since the start or the last {@link #resetPeak()}. */
    int peak() {
        return peak;
    }

    /** Starts counting the peak afresh from the requests running now. */
    void resetPeak() {
        peak = running.size();
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
