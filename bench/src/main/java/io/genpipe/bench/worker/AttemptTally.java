package io.genpipe.bench.worker;

import io.genpipe.bench.router.ArrivalReader;
import io.genpipe.bench.router.LatencyRecorder;
import io.genpipe.contracts.event.AttemptFailed;
import io.genpipe.contracts.event.AttemptResult;
import io.genpipe.contracts.json.JsonSerde;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * The attempts of one batch of dispatches, read from {@code genpipe.attempts.v1}: how each ended (the first result
 * per job counts), the latest {@code occurredAt} the worker stamped, completions per second, and per job the time
 * from its dispatch's send to its result's arrival here ({@link LatencyRecorder}).
 */
final class AttemptTally implements ArrivalReader.Handler {

    private final String jobIdPrefix;
    private final Instant start;
    private final LatencyRecorder latency;
    private final Map<String, Integer> outcomes = new TreeMap<>();
    private final TreeMap<Long, Integer> perSecond = new TreeMap<>();
    private Instant lastOccurredAt = Instant.EPOCH;
    private long vendorLatencyMsSum;
    private int duplicates;

    AttemptTally(String jobIdPrefix, DispatchSender sender, Instant start) {
        this.jobIdPrefix = jobIdPrefix;
        this.start = start;
        this.latency = new LatencyRecorder(jobIdPrefix, Instant.EPOCH, bytes -> {
            String jobId = JsonSerde.instance().read(bytes, AttemptResult.class).jobId();
            Instant sent = sender.sentAt(jobId);
            return new LatencyRecorder.Sent(jobId, sent == null ? Instant.EPOCH : sent);
        });
    }

    @Override
    public void arrived(Instant receivedAt, String key, byte[] value) {
        if (key == null || !key.startsWith(jobIdPrefix) || value == null) {
            return;
        }
        int before = latency.jobsSeen();
        latency.arrived(receivedAt, key, value);
        synchronized (this) {
            if (latency.jobsSeen() == before) {
                duplicates++;
                return;
            }
            AttemptResult result = JsonSerde.instance().read(value, AttemptResult.class);
            String outcome = result instanceof AttemptFailed failed ? "failed " + failed.failureClass() : "succeeded";
            outcomes.merge(outcome, 1, Integer::sum);
            perSecond.merge(Duration.between(start, receivedAt).toSeconds(), 1, Integer::sum);
            vendorLatencyMsSum += result.latencyMs();
            if (result.occurredAt().isAfter(lastOccurredAt)) {
                lastOccurredAt = result.occurredAt();
            }
        }
    }

    boolean awaitJobs(int jobs, Duration timeout) throws InterruptedException {
        return latency.awaitJobs(jobs, timeout);
    }

    int jobsSeen() {
        return latency.jobsSeen();
    }

    LatencyRecorder.Percentiles percentiles() {
        return latency.percentiles();
    }

    synchronized Map<String, Integer> outcomes() {
        return Map.copyOf(outcomes);
    }

    /** Results received in each second since the first send, gaps included as 0. */
    synchronized int[] perSecond() {
        long last = perSecond.isEmpty() ? -1 : perSecond.lastKey();
        int[] counts = new int[(int) last + 1];
        perSecond.forEach((second, count) -> counts[second.intValue()] = count);
        return counts;
    }

    synchronized Instant lastOccurredAt() {
        return lastOccurredAt;
    }

    synchronized double meanVendorLatencyMs() {
        int jobs = outcomes.values().stream().mapToInt(Integer::intValue).sum();
        return jobs == 0 ? Double.NaN : (double) vendorLatencyMsSum / jobs;
    }

    synchronized int duplicates() {
        return duplicates;
    }
}
