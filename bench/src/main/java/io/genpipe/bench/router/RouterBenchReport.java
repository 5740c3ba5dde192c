package io.genpipe.bench.router;

import io.genpipe.bench.CpuUse;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The figures of one run, printed one per line and written as JSON with the same names.
 *
 * @param cpuByThreads   CPU milliseconds per thread group from the first to the last dispatch of the throughput run
 * @param routerCounters the router's own counters after the throughput run ({@code genpipe.router.*}), by tags
 * @param addedP50Ms     router path − baseline at the same percentile; percentiles do not subtract exactly, but
 *                       both paths share the producer, the consumer, the broker and the JVM, so this is the part the
 *                       router's two hops (repartition, dispatch) and its processing add
 */
record RouterBenchReport(String date, String jdk, int cores, Settings settings, double preloadSeconds,
                         DispatchCount.Figures throughput, CpuUse.Figures throughputCpu,
                         Map<String, Long> cpuByThreads, Map<String, Double> routerCounters,
                         Latency baseline, Latency router, double addedP50Ms, double addedP90Ms,
                         double addedP99Ms) {

    record Settings(int jobs, double rate, long durationSeconds, long warmupSeconds, int partitions,
                    Map<String, String> routerProperties) {
    }

    /**
     * One latency run: how many jobs were sent at what rate, the percentiles of those after the warm-up, and the CPU
     * from the first send until the last job arrived.
     */
    record Latency(String path, int sent, double sentPerSecond, LatencyRecorder.Percentiles percentiles,
                   CpuUse.Figures cpu, Map<String, Long> cpuByThreads) {
    }

    void print(PrintStream out) {
        DispatchCount.Figures t = throughput;
        out.println();
        line(out, "run", "%d jobs preloaded, then %.0f jobs/s for %d s (first %d s warm-up) · %d partitions · %s",
                settings.jobs(), settings.rate(), settings.durationSeconds(), settings.warmupSeconds(),
                settings.partitions(), settings.routerProperties().isEmpty() ? "router defaults"
                        : "router " + settings.routerProperties());
        line(out, "preload", "%d jobs onto genpipe.jobs.v1 in %.2f s, before the router starts", t.jobs(),
                preloadSeconds);
        line(out, "first dispatch", "%.0f ms after the router was asked to start (its earliest decision: %.0f ms; "
                        + "Spring context up after %.0f ms)", t.startToFirstDispatchMs(), t.startToFirstDecisionMs(),
                t.startToContextUpMs());
        line(out, "throughput", "%.0f decisions/s (%d jobs ÷ first → last decision; %.0f/s as this consumer got them)",
                t.decisionsPerSecond(), t.jobsDispatched(), t.arrivalsPerSecond());
        line(out, "dispatched", "%d records for %d of %d jobs: %s", t.dispatchRecords(), t.jobsDispatched(), t.jobs(),
                t.byProvider().entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                        .collect(Collectors.joining(" · ")));
        line(out, "cpu", "%.2f cores busy in this JVM, %.2f on the machine (of %d), first → last dispatch",
                throughputCpu.processCores(), throughputCpu.machineCores(), cores);
        line(out, "cpu by thread", "%s", threads(cpuByThreads));
        line(out, "router counters", "%s", routerCounters.entrySet().stream()
                .map(e -> e.getKey() + " " + Math.round(e.getValue())).collect(Collectors.joining(" · ")));
        latency(out, "baseline", baseline);
        latency(out, "router path", router);
        line(out, "router adds", "p50 %+.1f · p90 %+.1f · p99 %+.1f ms (router path − baseline)", addedP50Ms,
                addedP90Ms, addedP99Ms);
    }

    void writeJson(Path file) {
        try {
            Files.writeString(file, JsonMapper.builder().build().writerWithDefaultPrettyPrinter()
                    .writeValueAsString(this));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }

    private static void latency(PrintStream out, String label, Latency latency) {
        LatencyRecorder.Percentiles p = latency.percentiles();
        line(out, label, "p50 %.1f · p90 %.1f · p99 %.1f · max %.1f ms (%d jobs measured of %d sent at %.0f/s; %s; "
                        + "cpu %.2f JVM / %.2f machine)", p.p50(), p.p90(), p.p99(), p.max(), p.measured(),
                latency.sent(), latency.sentPerSecond(), latency.path(), latency.cpu().processCores(),
                latency.cpu().machineCores());
        line(out, "  cpu by thread", "%s", threads(latency.cpuByThreads()));
    }

    private static String threads(Map<String, Long> cpuByThreads) {
        return cpuByThreads.entrySet().stream().map(e -> e.getValue() + " ms " + e.getKey())
                .collect(Collectors.joining(" · "));
    }

    private static void line(PrintStream out, String label, String format, Object... args) {
        out.printf(Locale.ROOT, "  %-16s %s%n", label, String.format(Locale.ROOT, format, args));
    }
}
