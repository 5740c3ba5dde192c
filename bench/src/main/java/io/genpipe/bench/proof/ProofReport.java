package io.genpipe.bench.proof;

import io.genpipe.bench.RunFigures;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
        out.printf("- %d run%s, each on a broker, PostgreSQL, simulator and pipeline started for it; min / median / "
                        + "max of the runs; a goal is met when the median meets it%n", runs.size(),
                runs.size() == 1 ? "" : "s");
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
                options.pacedBatchSize(), ProofRun.PACED_VENDOR_LATENCY.toMillis(), options.properties().toString()),
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
                            long pacedVendorMs, String serviceProperties) {
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
                           double pacedMachineCores, ColdStart.Figures coldStart) {

        static RunJson of(ProofRun.Result r) {
            return new RunJson(r.ceiling().producedPerSecond(), r.ceiling().consumedPerSecond(),
                    r.ceiling().produceCpu().machineCores(), r.ceiling().consumeCpu().machineCores(),
                    r.burst().jobs(), r.burst().endToEndRate(), r.burst().duration().p50(),
                    r.burst().duration().p99(), r.burstCpu().machineCores(), r.ratio(), r.pacedRate(),
                    r.pacedSubmitRate(), r.paced().jobs(), r.paced().overhead(), r.paced().duration(),
                    r.paced().vendorCalls(), r.pacedCpu().machineCores(), r.coldStart());
        }
    }
}
