package io.genpipe.bench.proof;

import io.genpipe.bench.RunFigures;
import io.genpipe.bench.failover.FailoverBench;
import io.genpipe.bench.failover.FailoverFigures;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The runs' figures as one markdown table (each beside its goal, and whether the median meets it) under the
 * provenance of the runs, and optionally the same as JSON with every run's own values.
 */
final class ProofReport {

    private static final double RATIO_GOAL = 1.0 / 30;
    private static final double OVERHEAD_P50_GOAL_MS = 15;
    private static final double OVERHEAD_P99_GOAL_MS = 50;
    private static final double COLD_START_GOAL_S = 20;
    // Issue 12's goal for one worker JVM, issue 10's item 4.
    private static final double WORKER_IN_FLIGHT_GOAL = 2000;
    private static final double WORKER_JOBS_PER_SECOND_GOAL = 950;
    private static final double WORKER_RSS_GOAL_MIB = 512;
    // Issue 10's item 5.
    private static final double PRIMARY_CALLS_GOAL_PERCENT = 5;
    private static final double FAILOVER_P50_RATIO_GOAL = 1.2;
    private static final double FAILOVER_JOBS_PER_SECOND_RATIO_GOAL = 0.8;
    private static final double LAST_DISPATCH_GOAL_S = 2;

    private final Provenance provenance;
    private final ProofOptions options;
    private final List<ProofRun.Result> runs;
    private final List<Figure> figures;

    ProofReport(Provenance provenance, ProofOptions options, List<ProofRun.Result> runs) {
        this.provenance = provenance;
        this.options = options;
        this.runs = List.copyOf(runs);
        this.figures = figures(options, runs);
    }

    private static List<Figure> figures(ProofOptions options, List<ProofRun.Result> runs) {
        var whole = Figure.printf("%,.0f");
        var tenth = Figure.printf("%.1f");
        List<Figure> figures = new ArrayList<>(List.of(
                Figure.of("1. ceiling: raw Kafka produce, msgs/s", whole, Goal.NONE, runs,
                        r -> r.ceiling().producedPerSecond()),
                Figure.of("1. ceiling: raw Kafka consume, msgs/s", whole, Goal.NONE, runs,
                        r -> r.ceiling().consumedPerSecond()),
                Figure.of("2. end to end, jobs/s (" + options.burstJobs() + " at once, 1 ms vendors)", whole,
                        Goal.NONE, runs, r -> r.burst().endToEndRate()),
                Figure.of("2. end to end ÷ raw produce", ProofReport::ratio,
                        Goal.atLeast(RATIO_GOAL, "≥ 1/30"), runs, ProofRun.Result::ratio),
                Figure.of("3. overhead p50, ms", tenth, Goal.below(OVERHEAD_P50_GOAL_MS, "< 15 ms"), runs,
                        r -> r.paced().overhead().p50()),
                Figure.of("3. overhead p95, ms", tenth, Goal.NONE, runs, r -> r.paced().overhead().p95()),
                Figure.of("3. overhead p99, ms", tenth, Goal.below(OVERHEAD_P99_GOAL_MS, "< 50 ms"), runs,
                        r -> r.paced().overhead().p99()),
                Figure.of("3. paced at, jobs/s (half of 2; submitted)", tenth, Goal.NONE, runs,
                        ProofRun.Result::pacedSubmitRate),
                Figure.of("3. job duration p50, ms (paced, 200 ms vendors)", whole, Goal.NONE, runs,
                        r -> r.paced().duration().p50()),
                Figure.of("3. vendor time p50, ms (paced)", whole, Goal.NONE, runs,
                        r -> r.paced().vendorCalls().p50()),
                Figure.of("machine cores busy in the burst (of " + Runtime.getRuntime().availableProcessors() + ")",
                        Figure.printf("%.2f"), Goal.NONE, runs, r -> r.burstCpu().machineCores())));
        if (options.worker() != null) {
            ProofOptions.Worker worker = options.worker();
            figures.add(Figure.of("4. worker: jobs/s (" + worker.jobs() + " at once, 2 s vendor, max-in-flight "
                            + worker.maxInFlight() + ")", whole, Goal.atLeast(WORKER_JOBS_PER_SECOND_GOAL, "≥ 950"),
                    runs, r -> r.worker().jobsPerSecond()));
            figures.add(Figure.of("4. worker: peak calls in flight (gauge)", whole,
                    Goal.atLeast(WORKER_IN_FLIGHT_GOAL, "≥ 2,000"), runs, r -> r.worker().peakInFlight()));
            figures.add(Figure.of("4. worker: RSS peak (VmHWM), MiB", whole,
                    Goal.below(WORKER_RSS_GOAL_MIB, "< 512 MiB"), runs, r -> r.worker().hwmMiB()));
            figures.add(Figure.of("4. worker: RSS peak sampled, MiB", whole, Goal.NONE, runs,
                    r -> r.worker().peakRssMiB()));
            figures.add(Figure.of("4. worker: heap used peak, MiB", whole, Goal.NONE, runs,
                    r -> r.worker().peakHeapUsedMiB()));
            figures.add(Figure.of("4. worker: CPU, cores", Figure.printf("%.2f"), Goal.NONE, runs,
                    r -> r.worker().workerCores()));
        }
        if (options.failover() != null) {
            figures.add(Figure.of("5. failover: calls to the hung primary, % of jobs", tenth,
                    Goal.atMost(PRIMARY_CALLS_GOAL_PERCENT, "≤ 5 %"), runs, ProofRun.Result::primaryCallsPercent));
            figures.add(Figure.of("5. failover: p50, hung ÷ healthy", Figure.printf("%.2f"),
                    Goal.atMost(FAILOVER_P50_RATIO_GOAL, "≤ 1.2"), runs, r -> r.failover().p50Ratio()));
            figures.add(Figure.of("5. failover: jobs/s, hung ÷ healthy", Figure.printf("%.2f"),
                    Goal.atLeast(FAILOVER_JOBS_PER_SECOND_RATIO_GOAL, "≥ 0.8"), runs,
                    r -> r.failover().throughputRatio()));
            figures.add(Figure.of("5. failover: outage → last dispatch to the primary, s", tenth,
                    Goal.below(LAST_DISPATCH_GOAL_S, "< 2 s"), runs, r -> r.failover().lastDispatchSeconds()));
            figures.add(Figure.of("5. failover: jobs/s, healthy primary", tenth, Goal.NONE, runs,
                    r -> r.failover().healthyJobsPerSecond()));
            figures.add(Figure.of("5. failover: jobs failed with the primary hung", whole, Goal.NONE, runs,
                    r -> r.failover().failed()));
        }
        if (options.coldStart()) {
            figures.add(Figure.of("6. cold start: launch → first job succeeded, s", tenth,
                    Goal.below(COLD_START_GOAL_S, "< 20 s"), runs, r -> r.coldStart().toSucceededSeconds()));
            figures.add(Figure.of("6. cold start: launch → first job accepted (202), s", tenth, Goal.NONE, runs,
                    r -> r.coldStart().toAcceptedSeconds()));
            figures.add(Figure.of("6. cold start: that job's vendor time, ms", whole, Goal.NONE, runs,
                    r -> r.coldStart().jobVendorMs()));
        }
        return figures;
    }

    private static String ratio(double value) {
        return String.format(Locale.ROOT, "%.4f (1/%.0f)", value, 1 / value);
    }

    void print(PrintStream out) {
        Provenance p = provenance;
        out.println();
        out.printf("- date: %s%n", p.date());
        out.printf("- machine: %d cores, %,d MiB, %s, %s%n", p.cores(), p.memoryMiB(), p.jdk(), p.os());
        out.printf("- commit: %s%n", p.commit());
        out.printf("- command: `%s`%n", p.command());
        out.printf("- %d run%s, each on a broker, PostgreSQL, simulator and pipeline started for it (4 to 6: on "
                        + "processes of their own, once it is closed); min / median / max of the runs; a goal is met "
                        + "when the median meets it%n", runs.size(), runs.size() == 1 ? "" : "s");
        out.println();
        out.println("| figure | min | median | max | runs in order | goal | met |");
        out.println("|---|---:|---:|---:|---|---|---|");
        for (Figure figure : figures) {
            String met = !figure.goal().isSet() ? "—"
                    : (figure.met() ? "yes" : "**no**") + " (" + figure.runsMeetingGoal() + " of " + runs.size()
                    + " runs)";
            out.printf("| %s | %s | %s | %s | %s | %s | %s |%n", figure.name(), figure.formatted(figure.min()),
                    figure.formatted(figure.median()), figure.formatted(figure.max()),
                    figure.values().stream().map(figure::formatted).collect(Collectors.joining(" / ")),
                    figure.goal().text(), met);
        }
    }

    void writeJson(Path file) {
        Json json = new Json(provenance, new Settings(options.runs(), options.ceilingRecords(),
                KafkaCeiling.VALUE_BYTES, KafkaCeiling.PARTITIONS, options.burstJobs(), options.warmupJobs(),
                ProofRun.BURST_VENDOR_LATENCY.toMillis(), options.pacedDuration().toSeconds(),
                options.pacedBatchSize(), ProofRun.PACED_VENDOR_LATENCY.toMillis(), options.properties().toString(),
                WorkerSettings.of(options.worker()), FailoverSettings.of(options.failover())),
                figures.stream().map(FigureJson::of).toList(), runs.stream().map(RunJson::of).toList());
        try {
            Files.writeString(file, JsonMapper.builder().build().writerWithDefaultPrettyPrinter()
                    .writeValueAsString(json));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }

    private record Json(Provenance provenance, Settings settings, List<FigureJson> figures, List<RunJson> runs) {
    }

    private record Settings(int runs, int ceilingRecords, int ceilingValueBytes, int ceilingPartitions,
                            int burstJobs, int warmupJobs, long burstVendorMs, long pacedSeconds, int pacedBatchSize,
                            long pacedVendorMs, String serviceProperties, WorkerSettings worker,
                            FailoverSettings failover) {
    }

    /** (4), WorkerBench's defaults otherwise (OpenAI at 2 s, all at once, worker -Xmx256m G1); null when left out. */
    private record WorkerSettings(String jar, int maxInFlight, int jobs, int warmupJobs) {

        static WorkerSettings of(ProofOptions.Worker worker) {
            return worker == null ? null
                    : new WorkerSettings(worker.jar().toString(), worker.maxInFlight(), worker.jobs(),
                    worker.warmupJobs());
        }
    }

    /** (5); null when left out. */
    private record FailoverSettings(int jobs, int warmupJobs, int concurrency, long vendorMs, long attemptTimeoutMs) {

        static FailoverSettings of(FailoverBench.Load load) {
            return load == null ? null
                    : new FailoverSettings(load.jobs(), load.warmupJobs(), load.concurrency(),
                    load.latency().toMillis(), load.attemptTimeout().toMillis());
        }
    }

    /** @param met the median meets the goal; null for a figure without one */
    private record FigureJson(String name, List<Double> values, double min, double median, double max, String goal,
                              Boolean met, Long runsMeetingGoal) {

        static FigureJson of(Figure figure) {
            boolean goal = figure.goal().isSet();
            return new FigureJson(figure.name(), figure.values(), figure.min(), figure.median(), figure.max(),
                    figure.goal().text(), goal ? figure.met() : null, goal ? figure.runsMeetingGoal() : null);
        }
    }

    /** One run's measurements, flat; times in milliseconds. */
    private record RunJson(double ceilingProducedPerSecond, double ceilingConsumedPerSecond,
                           double ceilingProduceMachineCores, double ceilingConsumeMachineCores,
                           int burstJobs, double burstJobsPerSecond, double burstJobP50Ms, double burstJobP99Ms,
                           double burstMachineCores, double ratioToRawProduce, double pacedRateAsked,
                           double pacedRateSubmitted, int pacedJobs, RunFigures.Percentiles pacedOverheadMs,
                           RunFigures.Percentiles pacedDurationMs, RunFigures.Percentiles pacedVendorMs,
                           double pacedMachineCores, WorkerJson worker, FailoverJson failover,
                           ColdStart.Figures coldStart) {

        static RunJson of(ProofRun.Result r) {
            return new RunJson(r.ceiling().producedPerSecond(), r.ceiling().consumedPerSecond(),
                    r.ceiling().produceCpu().machineCores(), r.ceiling().consumeCpu().machineCores(),
                    r.burst().jobs(), r.burst().endToEndRate(), r.burst().duration().p50(),
                    r.burst().duration().p99(), r.burstCpu().machineCores(), r.ratio(), r.pacedRate(),
                    r.pacedSubmitRate(), r.paced().jobs(), r.paced().overhead(), r.paced().duration(),
                    r.paced().vendorCalls(), r.pacedCpu().machineCores(), WorkerJson.of(r.worker()),
                    r.failover() == null ? null : FailoverJson.of(r), r.coldStart());
        }
    }

    /** (4): the worker run's own figures; memory in MiB. */
    private record WorkerJson(int jobs, double jobsPerSecond, int peakInFlight, int peakInFlightInHealthReports,
                              double rssPeakVmHwmMiB, double rssPeakSampledMiB, double heapUsedPeakMiB,
                              double workerCores, double jobP50Ms, double jobP99Ms, double vendorCallMeanMs,
                              Map<String, Integer> outcomes, long vendorRequests) {

        static WorkerJson of(io.genpipe.bench.worker.RunFigures w) {
            return w == null ? null
                    : new WorkerJson(w.jobs(), w.jobsPerSecond(), w.peakInFlight(), w.healthPeak(), w.hwmMiB(),
                    w.peakRssMiB(), w.peakHeapUsedMiB(), w.workerCores(), w.latency().p50(), w.latency().p99(),
                    w.meanVendorLatencyMs(), w.outcomes(), w.vendorRequests());
        }
    }

    /** (5): both phases; lastDispatchMs is null when the router sent the hung primary nothing. */
    private record FailoverJson(int jobs, int failedWithPrimaryHung, double healthyJobsPerSecond,
                                double hungJobsPerSecond, double healthyP50Ms, double hungP50Ms, long primaryCalls,
                                double primaryCallsPercent, double p50Ratio, double jobsPerSecondRatio,
                                Long lastDispatchMs) {

        static FailoverJson of(ProofRun.Result r) {
            FailoverFigures f = r.failover();
            return new FailoverJson(f.jobs(), f.failed(), f.healthyJobsPerSecond(), f.hungJobsPerSecond(),
                    f.healthyP50Ms(), f.hungP50Ms(), f.primaryCalls(), r.primaryCallsPercent(), f.p50Ratio(),
                    f.throughputRatio(), f.lastDispatch() == null ? null : f.lastDispatch().toMillis());
        }
    }
}
