package io.genpipe.bench.proof;

import io.genpipe.bench.PipelineStack;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Issue 10's one benchmark command: in each run, on one broker, PostgreSQL, simulator and pipeline started for it
 * ({@link ProofRun}), (1) the raw Kafka ceiling, (2) end-to-end jobs/s with 1 ms vendors and its share of that
 * ceiling, (3) the pipeline's own latency (end to end minus vendor time) at half that rate with 200 ms vendors; then,
 * each on processes of its own, (4) one worker JVM's calls in flight, jobs/s and memory at a 2 s vendor
 * ({@code WorkerBench}), (5) failover from a hung primary ({@code FailoverBench}) and (6) the local run's cold start.
 * Prints min / median / max over the runs beside the goals, as markdown (see bench/README.md, "One command, one
 * report").
 */
public final class ProofBench {

    private ProofBench() {
    }

    public static void main(String[] args) {
        PipelineStack.prepareJvm();
        ProofOptions options = ProofOptions.parse(args);
        Provenance provenance = Provenance.here(ProofBench.class.getName(), args);
        int status = 0;
        try {
            options.requireWorkerJar();
            ProofReport report = new ProofReport(provenance, options, runAll(options, System.out));
            report.print(System.out);
            if (options.report() != null) {
                report.writeJson(options.report());
                System.out.println();
                System.out.println("written to " + options.report().toAbsolutePath());
            }
        } catch (RuntimeException e) {
            e.printStackTrace();
            status = 1;
        }
        // Kafka's and Spring's threads may outlive the closes; the bench is done either way.
        System.exit(status);
    }

    private static List<ProofRun.Result> runAll(ProofOptions options, PrintStream out) {
        List<ProofRun.Result> results = new ArrayList<>();
        for (int run = 1; run <= options.runs(); run++) {
            results.add(ProofRun.measure(options, run, out));
        }
        return results;
    }
}
