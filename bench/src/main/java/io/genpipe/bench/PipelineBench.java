package io.genpipe.bench;

import io.genpipe.simulator.Vendor;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * End-to-end throughput and latency of the whole pipeline on this machine: a real KRaft broker, PostgreSQL and the
 * vendor simulator on free ports with temporary data, the four services in this JVM (as local-stack runs them),
 * and jobs submitted as batches through the ingress HTTP API ({@link PipelineStack}). Both simulated vendors answer
 * after a fixed latency, so what is measured is the pipeline, not the vendors' variance. See bench/README.md for
 * the figures.
 */
public final class PipelineBench {

    private static final int THREAD_GROUPS_SHOWN = 12;

    private PipelineBench() {
    }

    public static void main(String[] args) {
        PipelineStack.prepareJvm();
        BenchOptions options = BenchOptions.parse(args);
        int status = 0;
        try {
            run(options, System.out);
        } catch (RuntimeException e) {
            e.printStackTrace();
            status = 1;
        }
        // Library threads (Kafka, HTTP clients) may outlive the close; the bench is done either way.
        System.exit(status);
    }

    static void run(BenchOptions options, PrintStream out) {
        try (PipelineStack stack = PipelineStack.start(options.properties(), out)) {
            stack.vendorLatency(options.latency());
            String runId = "bench-" + System.currentTimeMillis();

            if (options.warmupJobs() > 0) {
                out.printf("%nwarm-up: %d jobs (not measured)%n", options.warmupJobs());
                stack.awaitComplete(stack.submit(runId + "-warmup", options.warmupJobs(), options.batchSize(), 0),
                        options.timeout());
            }
            if (options.falOutage()) {
                stack.simulator().profile(Vendor.FAL, PipelineStack.fixedLatency(options.latency()).withOutage(true));
            }
            JvmFigures.resetPeaks();
            CpuUse cpu = new CpuUse();
            ThreadCpu threadCpu = new ThreadCpu();
            out.printf("%nmeasured run: %d jobs%n", options.jobs());
            LoadGenerator.Submission submission = stack.submit(runId + "-run", options.jobs(), options.batchSize(),
                    options.rate());
            out.printf("  submitted in %.2f s%n", RunFigures.seconds(submission.took()));
            long sawComplete = stack.awaitComplete(submission, options.timeout());
            CpuUse.Figures cpuUse = cpu.stop();
            Map<String, Long> cpuByThreads = threadCpu.top(THREAD_GROUPS_SHOWN);
            out.printf("  complete; reading %d job records from the sink%n", submission.jobs());
            List<JobRecord> records = stack.records(submission);
            RunFigures figures = RunFigures.of(submission, sawComplete, records);
            PhaseTimes phases = stack.phaseTimes(runId + "-run-");
            JvmFigures jvm = JvmFigures.measure();
            new BenchReport(out).print(options, stack.partitions(), figures, phases, jvm, cpuUse, cpuByThreads,
                    stack.simulator().requestCount(Vendor.FAL), stack.simulator().requestCount(Vendor.OPENAI));
        }
    }
}
