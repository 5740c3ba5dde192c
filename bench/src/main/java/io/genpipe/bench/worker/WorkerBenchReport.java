package io.genpipe.bench.worker;

import java.io.PrintStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/** Prints each run's figures as it ends, then one min / median / max table per variant, in Markdown. */
final class WorkerBenchReport {

    private static final double MIB = 1024 * 1024;

    private WorkerBenchReport() {
    }

    static void print(RunFigures f, PrintStream out) {
        WorkerSampler.Figures w = f.worker();
        out.printf("  throughput    %d jobs in %.2f s → %.0f jobs/s (first dispatch sent → last result stamped);"
                + " sent in %.2f s%n", f.jobs(), f.jobs() / f.jobsPerSecond(), f.jobsPerSecond(), f.sendSeconds());
        out.printf("  in flight     peak %d (gauge, sampled every %d ms) · peak %d in health reports%n",
                w.peakInFlight(), WorkerSampler.PERIOD.toMillis(), f.healthPeak());
        out.printf("  job           sent → result p50 %.0f ms · p90 %.0f · p99 %.0f · max %.0f · vendor call mean"
                + " %.0f ms%n", f.latency().p50(), f.latency().p90(), f.latency().p99(), f.latency().max(),
                f.meanVendorLatencyMs());
        out.printf("  worker jvm    RSS peak %.0f MiB sampled (VmHWM %.0f MiB since start) · heap used peak %.0f"
                        + " MiB of %.0f committed · %d threads · %d open files · %.2f cores · %.2f CPU-ms/job%n",
                w.peakRss() / MIB, w.hwm() / MIB, w.peakHeapUsed() / MIB, w.peakHeapCommitted() / MIB,
                w.peakThreads(), w.peakOpenFiles(), w.cores(), w.cores() * 1000 / f.jobsPerSecond());
        out.printf("  worker CPU ms by thread group: %s%n", w.cpuMillisByThreads());
        out.printf("  bench jvm     %.2f cores (broker, simulator, bench) · machine %.2f of %d%n",
                f.benchCpu().processCores(), f.benchCpu().machineCores(), Runtime.getRuntime().availableProcessors());
        out.printf("  outcomes      %s%s · simulator saw %d requests%n", f.outcomes(),
                f.duplicates() > 0 ? " · " + f.duplicates() + " results again" : "", f.vendorRequests());
        out.printf("  per second    %s%n", Arrays.stream(f.perSecond()).mapToObj(Integer::toString)
                .collect(Collectors.joining(" ")));
        if (w.actuatorFailures() > 0) {
            out.printf("  (%d of %d samples could not read the actuator)%n", w.actuatorFailures(), w.samples());
        }
    }

    static void summary(WorkerBenchOptions options, List<RunFigures> runs, PrintStream out) {
        out.printf("%n%s, provider %s, %d jobs %s, vendor latency %d ms fixed, worker JVM %s, JDK %s%n",
                Instant.now(), options.provider(), options.jobs(),
                options.rate() > 0 ? "at " + options.rate() + " jobs/s" : "at once",
                options.latency().toMillis(), String.join(" ", options.jvmOptions()), Runtime.version());
        Map<String, List<RunFigures>> byVariant = new LinkedHashMap<>();
        runs.forEach(run -> byVariant.computeIfAbsent(run.variant(), v -> new java.util.ArrayList<>()).add(run));
        out.print("| figure (min / median / max) |");
        byVariant.forEach((variant, list) -> out.printf(" %s (%d runs) |", variant, list.size()));
        out.println();
        out.println("|---|" + "---:|".repeat(byVariant.size()));
        row(out, byVariant, "jobs/s", "%.0f", RunFigures::jobsPerSecond);
        row(out, byVariant, "peak calls in flight (gauge)", "%.0f", f -> f.worker().peakInFlight());
        row(out, byVariant, "peak inFlight in health reports", "%.0f", RunFigures::healthPeak);
        row(out, byVariant, "job p50, ms", "%.0f", f -> f.latency().p50());
        row(out, byVariant, "job p99, ms", "%.0f", f -> f.latency().p99());
        row(out, byVariant, "worker RSS peak (sampled), MiB", "%.0f", f -> f.worker().peakRss() / MIB);
        row(out, byVariant, "worker VmHWM, MiB", "%.0f", f -> f.worker().hwm() / MIB);
        row(out, byVariant, "heap used peak, MiB", "%.0f", f -> f.worker().peakHeapUsed() / MIB);
        row(out, byVariant, "worker threads", "%.0f", f -> f.worker().peakThreads());
        row(out, byVariant, "worker open files", "%.0f", f -> f.worker().peakOpenFiles());
        row(out, byVariant, "worker CPU, cores", "%.2f", f -> f.worker().cores());
        // The CPU is over the sampling window (first send to the last result read), jobs/s to the last result.
        row(out, byVariant, "worker CPU-ms per job", "%.2f", f -> f.worker().cores() * 1000 / f.jobsPerSecond());
        row(out, byVariant, "bench JVM CPU, cores", "%.2f", f -> f.benchCpu().processCores());
        row(out, byVariant, "machine CPU, cores", "%.2f", f -> f.benchCpu().machineCores());
        row(out, byVariant, "simulator requests", "%.0f", RunFigures::vendorRequests);
        out.print("| outcomes |");
        byVariant.forEach((variant, list) -> out.printf(" %s |", list.stream().map(f -> f.outcomes().toString())
                .distinct().collect(Collectors.joining(" "))));
        out.println();
    }

    private static void row(PrintStream out, Map<String, List<RunFigures>> byVariant, String figure, String format,
                            ToDoubleFunction<RunFigures> value) {
        out.print("| " + figure + " |");
        byVariant.forEach((variant, list) -> {
            double[] values = list.stream().mapToDouble(value).sorted().toArray();
            String median = String.format(format, values[(values.length - 1) / 2]);
            out.printf(" %s / %s / %s |", String.format(format, values[0]), median,
                    String.format(format, values[values.length - 1]));
        });
        out.println();
    }
}
