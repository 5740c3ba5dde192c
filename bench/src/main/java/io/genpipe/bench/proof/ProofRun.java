package io.genpipe.bench.proof;

import io.genpipe.bench.CpuUse;
import io.genpipe.bench.PipelineStack;
import io.genpipe.bench.RunFigures;
import io.genpipe.bench.failover.FailoverBench;
import io.genpipe.bench.failover.FailoverFigures;
import io.genpipe.bench.worker.WorkerBench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * One run of the measurements, in this order. First, on one stack started for the run: the raw Kafka ceiling on the
 * pipeline's own broker, the end-to-end burst with 1 ms vendors, then the overhead run at half the burst's rate with
 * 200 ms vendors. Sharing the stack is the point: the ceiling is the very broker's the jobs then go through, and
 * the paced run meets services that the burst has warmed. Then, once that stack is closed, each on processes of its
 * own that the part before it has closed: (4) the worker JVM, (5) the failover stack, (6) the cold start.
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
     * @param worker    (4) null with {@code --no-worker}
     * @param failover  (5) null with {@code --no-failover}
     * @param coldStart (6) null with {@code --no-cold-start}
     */
    record Result(KafkaCeiling.Figures ceiling, RunFigures burst, CpuUse.Figures burstCpu, double pacedRate,
                  RunFigures paced, CpuUse.Figures pacedCpu, io.genpipe.bench.worker.RunFigures worker,
                  FailoverFigures failover, ColdStart.Figures coldStart) {

        /** End-to-end jobs/s over raw produced msgs/s: the share of the broker's ceiling the pipeline reaches. */
        double ratio() {
            return burst.endToEndRate() / ceiling.producedPerSecond();
        }

        /** (5) calls the hung primary received, as a percentage of the jobs of that phase. */
        double primaryCallsPercent() {
            // In whole numbers first, so that 10 calls of 200 jobs is exactly the goal's 5.
            return 100.0 * failover.primaryCalls() / failover.jobs();
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
        Result onStack;
        // The ingress's default tenant limit, 6,000 jobs a minute, is below what one minute of a run submits once the
        // burst exceeds 200 jobs/s (its paced half then exceeds 100/s): a run on a quiet machine got 429s.
        Map<String, String> properties = new HashMap<>(Map.of(JOBS_PER_MINUTE, "1000000"));
        properties.putAll(options.properties());
        try (PipelineStack stack = PipelineStack.start(properties, out)) {
            onStack = measureOnStack(stack, options, runId, out);
        }
        // (4) to (6) after the stack above is closed, and each after the one before it has closed its processes, so
        // each has the machine to itself, as its own command would. In the order: the cold start stays last,
        // as in the figures measured before (4) and (5) were part of this command.
        io.genpipe.bench.worker.RunFigures worker = options.worker() == null ? null : measureWorker(options, run, out);
        FailoverFigures failover = options.failover() == null ? null : measureFailover(options, run, out);
        ColdStart.Figures cold = options.coldStart() ? measureColdStart(run, out) : null;
        return new Result(onStack.ceiling(), onStack.burst(), onStack.burstCpu(), onStack.pacedRate(),
                onStack.paced(), onStack.pacedCpu(), worker, failover, cold);
    }

    /** (1) to (3), on the run's stack; the result's (4) to (6) are null. */
    private static Result measureOnStack(PipelineStack stack, ProofOptions options, String runId, PrintStream out) {
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
        return new Result(ceiling, burst, burstCpuFigures, rate, paced, pacedCpuFigures, null, null, null);
    }

    /** (4) WorkerBench's measurement: its own simulator, broker and worker JVM, all closed when it returns. */
    private static io.genpipe.bench.worker.RunFigures measureWorker(ProofOptions options, int run, PrintStream out) {
        ProofOptions.Worker worker = options.worker();
        out.printf("%nworker: one worker JVM, max-in-flight %d, %d jobs at once after %d warm-up, WorkerBench's"
                + " defaults otherwise (OpenAI at 2 s)%n", worker.maxInFlight(), worker.jobs(), worker.warmupJobs());
        io.genpipe.bench.worker.RunFigures figures = WorkerBench.measureOne(worker.jar(), worker.maxInFlight(),
                worker.jobs(), worker.warmupJobs(), options.properties(), run, out);
        if (!figures.allSucceeded()) {
            throw new IllegalStateException("worker: not every attempt succeeded (" + figures.outcomes()
                    + "); the simulated vendor was healthy, so the figures would not mean what they say");
        }
        return figures;
    }

    /** (5) FailoverBench's measurement: a stack of its own, healthy then with the primary hung, closed on return. */
    private static FailoverFigures measureFailover(ProofOptions options, int run, PrintStream out) {
        out.printf("%nfailover: a stack of its own; %s; fal healthy, then hanging (FailoverBench)%n",
                options.failover());
        FailoverFigures figures = FailoverBench.measure(options.failover(), options.properties(), run, out);
        out.println("  " + figures);
        return figures;
    }

    /** (6) A new JVM, as a first local run would start, to its first succeeded job. */
    private static ColdStart.Figures measureColdStart(int run, PrintStream out) {
        Path log = Path.of(System.getProperty("java.io.tmpdir"), "genpipe-cold-start-" + run + ".log");
        out.printf("%ncold start: LocalStack in a new JVM, empty data directory, to its first succeeded job (log %s)%n",
                log);
        ColdStart.Figures cold = ColdStart.measure(log);
        out.printf("  accepted after %.1f s, succeeded after %.1f s (of which %d ms in the vendor)%n",
                cold.toAcceptedSeconds(), cold.toSucceededSeconds(), cold.jobVendorMs());
        return cold;
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
