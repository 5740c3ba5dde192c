package io.genpipe.bench.proof;

import io.genpipe.bench.CpuUse;
import io.genpipe.bench.PipelineStack;
import io.genpipe.bench.RunFigures;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * One run of the three measurements, in this order, on one stack started for the run: the raw Kafka ceiling on the
 * pipeline's own broker, the end-to-end burst with 1 ms vendors, then the overhead run at half the burst's rate with
 * 200 ms vendors. Sharing the stack is the point: the ceiling is the very broker's the jobs then go through, and
 * the paced run meets services that the burst has warmed.
 */
final class ProofRun {

    /** The smallest latency the simulator takes: the burst measures the pipeline's throughput, not the vendors'. */
    static final Duration BURST_VENDOR_LATENCY = Duration.ofMillis(1);
    /** A vendor that takes some time, so that jobs overlap in the workers as they do in production. */
    static final Duration PACED_VENDOR_LATENCY = Duration.ofMillis(200);
    /** Batches of the warm-up and the burst: PipelineBench's default. */
    private static final int BURST_BATCH_SIZE = 100;
    /** Sent at the paced rate before the measured paced jobs, so the switch to 200 ms vendors is not measured. */
    private static final Duration PACED_WARMUP = Duration.ofSeconds(2);
    static final String JOBS_PER_MINUTE = "genpipe.ingress.limits.jobs-per-minute";

    /**
     * @param endToEnd jobs/s of the burst (first request → last outcome), from the sink's job records
     * @param paced    the overhead run's figures; its {@code overhead} percentiles are the third measurement
     * @param pacedRate the rate the paced run was asked for: half of {@code endToEnd.endToEndRate()}
     * @param coldStart null with {@code --no-cold-start}
     */
    record Result(KafkaCeiling.Figures ceiling, RunFigures burst, CpuUse.Figures burstCpu, double pacedRate,
                  RunFigures paced, CpuUse.Figures pacedCpu, ColdStart.Figures coldStart) {

        /** End-to-end jobs/s over raw produced msgs/s: the share of the broker's ceiling the pipeline reaches. */
        double ratio() {
            return burst.endToEndRate() / ceiling.producedPerSecond();
        }

        /** Jobs of the paced run ÷ its submission time: whether the pacer kept the rate asked for. */
        double pacedSubmitRate() {
            return paced.submitRate();
        }
    }

    private ProofRun() {
    }

    static Result measure(ProofOptions options, int run, PrintStream out) {
        String runId = "proof-" + System.currentTimeMillis();
        out.printf("%n=== run %d of %d: starting the broker, PostgreSQL, the simulator and the pipeline%n", run,
                options.runs());
        Result result;
        // The ingress's default tenant limit, 6,000 jobs a minute, is below what one minute of a run submits once the
        // burst exceeds 200 jobs/s (its paced half then exceeds 100/s): a run on a quiet machine got 429s.
        Map<String, String> properties = new HashMap<>(Map.of(JOBS_PER_MINUTE, "1000000"));
        properties.putAll(options.properties());
        try (PipelineStack stack = PipelineStack.start(properties, out)) {
            KafkaCeiling.Figures ceiling = KafkaCeiling.measure(stack.kafkaBootstrapServers(),
                    options.ceilingRecords(), options.timeout(), out);

            stack.vendorLatency(BURST_VENDOR_LATENCY);
            if (options.warmupJobs() > 0) {
                out.printf("%nwarm-up: %d jobs (not measured)%n", options.warmupJobs());
                stack.runJobs(runId + "-warmup", options.warmupJobs(), BURST_BATCH_SIZE, 0, options.timeout());
            }
            out.printf("%nend to end: %d jobs at once, vendors %d ms%n", options.burstJobs(),
                    BURST_VENDOR_LATENCY.toMillis());
            CpuUse burstCpu = new CpuUse();
            RunFigures burst = stack.runJobs(runId + "-burst", options.burstJobs(), BURST_BATCH_SIZE, 0,
                    options.timeout());
            CpuUse.Figures burstCpuFigures = burstCpu.stop();
            requireAllSucceeded("burst", burst);
            out.printf("  %.0f jobs/s end to end%n", burst.endToEndRate());

            double rate = burst.endToEndRate() / 2;
            stack.vendorLatency(PACED_VENDOR_LATENCY);
            out.printf("%noverhead: %.1f jobs/s in batches of %d for %d s, vendors %d ms (after %d s unmeasured)%n",
                    rate, options.pacedBatchSize(), options.pacedDuration().toSeconds(),
                    PACED_VENDOR_LATENCY.toMillis(), PACED_WARMUP.toSeconds());
            stack.runJobs(runId + "-paced-warmup", jobsFor(rate, PACED_WARMUP, options.pacedBatchSize()),
                    options.pacedBatchSize(), rate, options.timeout());
            CpuUse pacedCpu = new CpuUse();
            RunFigures paced = stack.runJobs(runId + "-paced", jobsFor(rate, options.pacedDuration(),
                    options.pacedBatchSize()), options.pacedBatchSize(), rate, options.timeout());
            CpuUse.Figures pacedCpuFigures = pacedCpu.stop();
            requireAllSucceeded("paced run", paced);
            out.printf("  overhead p50 %.1f · p95 %.1f · p99 %.1f ms%n", paced.overhead().p50(),
                    paced.overhead().p95(), paced.overhead().p99());
            result = new Result(ceiling, burst, burstCpuFigures, rate, paced, pacedCpuFigures, null);
        }
        if (!options.coldStart()) {
            return result;
        }
        // After the stack above is closed, so the new JVM has the machine to itself as a first local run would.
        Path log = Path.of(System.getProperty("java.io.tmpdir"), "genpipe-cold-start-" + run + ".log");
        out.printf("%ncold start: LocalStack in a new JVM, empty data directory, to its first succeeded job (log %s)%n",
                log);
        ColdStart.Figures cold = ColdStart.measure(log);
        out.printf("  accepted after %.1f s, succeeded after %.1f s (of which %d ms in the vendor)%n",
                cold.toAcceptedSeconds(), cold.toSucceededSeconds(), cold.jobVendorMs());
        return new Result(result.ceiling(), result.burst(), result.burstCpu(), result.pacedRate(), result.paced(),
                result.pacedCpu(), cold);
    }

    /** Whole batches that take about {@code duration} at {@code rate}. */
    private static int jobsFor(double rate, Duration duration, int batchSize) {
        long batches = Math.max(1, Math.round(rate * duration.toNanos() / 1e9 / batchSize));
        return (int) (batches * batchSize);
    }

    /** A failed job's duration is not a pipeline's latency, and a burst with failures is not its throughput. */
    private static void requireAllSucceeded(String part, RunFigures figures) {
        if (figures.failed() > 0) {
            throw new IllegalStateException(part + ": " + figures.failed() + " of " + figures.jobs()
                    + " jobs failed; the simulated vendors were healthy, so the figures would not mean what they say");
        }
    }
}
