package io.genpipe.bench.router;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;

/**
 * Per job of a latency run: receive time − the job's {@code occurredAt} (its send time), for the jobs sent after the
 * warm-up. The first record of each job counts, so a job dispatched twice is not measured twice. Percentiles are
 * nearest-rank over the sorted values (the runs have tens of thousands, an array is enough).
 */
public final class LatencyRecorder implements ArrivalReader.Handler {

    /** What a record says about its job: its id and when it was sent. */
    public record Sent(String jobId, Instant at) {
    }

    private final String jobIdPrefix;
    private final Instant measureFrom;
    private final Function<byte[], Sent> sent;
    private final Set<String> seen = new HashSet<>();
    private long[] micros = new long[1 << 14];
    private int measured;

    /**
     * @param jobIdPrefix only this run's jobs count (the dispatch topics also hold the throughput run's)
     * @param measureFrom jobs sent before this are the warm-up
     */
    public LatencyRecorder(String jobIdPrefix, Instant measureFrom, Function<byte[], Sent> sent) {
        this.jobIdPrefix = jobIdPrefix;
        this.measureFrom = measureFrom;
        this.sent = sent;
    }

    @Override
    public synchronized void arrived(Instant receivedAt, String key, byte[] value) {
        if (key == null || !key.startsWith(jobIdPrefix)) {
            return;
        }
        Sent job = sent.apply(value);
        if (!seen.add(job.jobId())) {
            return;
        }
        if (!job.at().isBefore(measureFrom)) {
            if (measured == micros.length) {
                micros = Arrays.copyOf(micros, measured * 2);
            }
            micros[measured++] = Duration.between(job.at(), receivedAt).toNanos() / 1_000;
        }
        notifyAll();
    }

    /** Blocks until {@code jobs} distinct jobs of this run have arrived; false when the timeout came first. */
    public synchronized boolean awaitJobs(int jobs, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (seen.size() < jobs) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    public synchronized int jobsSeen() {
        return seen.size();
    }

    public synchronized Percentiles percentiles() {
        long[] sorted = Arrays.copyOf(micros, measured);
        Arrays.sort(sorted);
        return new Percentiles(measured, rank(sorted, 50), rank(sorted, 90), rank(sorted, 99),
                measured == 0 ? Double.NaN : sorted[measured - 1] / 1e3);
    }

    /** Milliseconds. */
    public record Percentiles(int measured, double p50, double p90, double p99, double max) {
    }

    private static double rank(long[] sorted, double percent) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(percent / 100 * sorted.length) - 1;
        return sorted[Math.max(0, index)] / 1e3;
    }
}
