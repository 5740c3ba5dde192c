package io.genpipe.bench.router;

import io.genpipe.contracts.event.AttemptDispatched;
import io.genpipe.contracts.json.JsonSerde;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Counts the router's dispatches of the throughput run until every preloaded job has one. The rate comes from the
 * dispatches' own {@code occurredAt} (the router stamps it when it decides) and, as a check, from when this
 * consumer got them. Decisions of six tasks do not arrive in order, hence min and max rather than first and last.
 */
final class DispatchCount implements ArrivalReader.Handler {

    private final int expected;
    private final Set<String> jobIds = new HashSet<>();
    private final Map<String, Integer> byProvider = new TreeMap<>();
    private int records;
    private Instant firstDecision = Instant.MAX;
    private Instant lastDecision = Instant.MIN;
    private Instant firstArrival;
    private Instant lastArrival;

    DispatchCount(int expected) {
        this.expected = expected;
    }

    @Override
    public synchronized void arrived(Instant receivedAt, String key, byte[] value) {
        AttemptDispatched dispatch = JsonSerde.instance().read(value, AttemptDispatched.class);
        records++;
        byProvider.merge(dispatch.provider(), 1, Integer::sum);
        if (!jobIds.add(dispatch.jobId())) {
            return; // a second dispatch of the job: counted in records, not in the rate
        }
        firstDecision = min(firstDecision, dispatch.occurredAt());
        lastDecision = max(lastDecision, dispatch.occurredAt());
        firstArrival = firstArrival == null ? receivedAt : firstArrival;
        lastArrival = receivedAt;
        if (jobIds.size() == 1 || jobIds.size() >= expected) {
            notifyAll();
        }
    }

    /** Blocks until every job has been dispatched once; false when the timeout came first. */
    boolean awaitAll(Duration timeout) throws InterruptedException {
        return awaitJobs(expected, timeout);
    }

    /** Blocks until the first dispatch; false when the timeout came first. */
    boolean awaitFirst(Duration timeout) throws InterruptedException {
        return awaitJobs(1, timeout);
    }

    private synchronized boolean awaitJobs(int jobs, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (jobIds.size() < jobs) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    /**
     * @param started    when the router was asked to start
     * @param contextUp  when its Spring context had started (Kafka Streams then still joins, creates its internal
     *                   topics and restores its stores)
     */
    synchronized Figures figures(Instant started, Instant contextUp) {
        return new Figures(expected, jobIds.size(), records, Map.copyOf(byProvider), millis(started, contextUp),
                millis(started, firstArrival), millis(started, firstDecision),
                jobIds.size() / seconds(firstDecision, lastDecision),
                jobIds.size() / seconds(firstArrival, lastArrival));
    }

    /**
     * @param decisionsPerSecond     distinct jobs dispatched ÷ (last − first dispatch), by the router's decision times
     * @param arrivalsPerSecond      the same by this consumer's receive times
     * @param startToContextUpMs     router start requested → its Spring context started
     * @param startToFirstDispatchMs router start requested → first dispatch received by this consumer
     * @param startToFirstDecisionMs router start requested → the router's earliest decision time
     */
    record Figures(int jobs, int jobsDispatched, int dispatchRecords, Map<String, Integer> byProvider,
                   double startToContextUpMs, double startToFirstDispatchMs, double startToFirstDecisionMs, double decisionsPerSecond,
                   double arrivalsPerSecond) {
    }

    private static double millis(Instant from, Instant to) {
        return to == null ? Double.NaN : Duration.between(from, to).toNanos() / 1e6;
    }

    private static double seconds(Instant from, Instant to) {
        return from == null || to == null ? Double.NaN : Duration.between(from, to).toNanos() / 1e9;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
