package io.genpipe.bench;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Prints a run's figures in the form bench/README.md quotes them. */
final class BenchReport {

    private static final int SECONDS_PER_LINE = 15;

    private final PrintStream out;

    BenchReport(PrintStream out) {
        this.out = out;
    }

    /**
     * @param cpuByThreads CPU milliseconds per thread group during the run
     * @param falCalls     generation calls the fal simulator received, warm-up included (likewise openAiCalls)
     */
    void print(BenchOptions options, int partitions, RunFigures run, PhaseTimes phases, JvmFigures jvm,
               CpuUse.Figures cpu,
               Map<String, Long> cpuByThreads, long falCalls, long openAiCalls) {
        String pace = options.rate() > 0
                ? String.format(Locale.ROOT, " paced at %.0f jobs/s", options.rate()) : ", all at once";
        out.println();
        line("run", "%d jobs in batches of %d%s · vendor latency %d ms fixed (fal and OpenAI) · fal %s"
                        + " · %d partitions",
                run.jobs(), options.batchSize(), pace, options.latency().toMillis(),
                options.falOutage() ? "IN OUTAGE" : "healthy", partitions);
        line("submit", "%d jobs accepted in %.2f s → %.0f jobs/s (POST /v1/batches, one request at a time)",
                run.jobs(), RunFigures.seconds(run.submitTook()), run.submitRate());
        line("end-to-end", "%.2f s first request → last outcome → %.0f jobs/s"
                        + " (client saw all complete after %.2f s)",
                RunFigures.seconds(run.firstRequestToLastOutcome()), run.endToEndRate(),
                RunFigures.seconds(run.clientSawComplete()));
        RunFigures.Percentiles d = run.duration();
        line("job duration", "p50 %.0f ms · p95 %.0f ms · p99 %.0f ms · min %.0f · max %.0f · mean %.0f"
                + " (requestedAt → completedAt)", d.p50(), d.p95(), d.p99(), d.min(), d.max(), d.mean());
        RunFigures.Percentiles v = run.vendorCalls();
        line("in vendor", "p50 %.0f ms · p95 %.0f ms · p99 %.0f ms · mean %.0f (the job's vendor calls, as the"
                + " workers timed them)", v.p50(), v.p95(), v.p99(), v.mean());
        RunFigures.Percentiles o = run.overhead();
        line("overhead", "p50 %.1f ms · p95 %.1f ms · p99 %.1f ms · mean %.1f (job duration − its vendor calls)",
                o.p50(), o.p95(), o.p99(), o.mean());
        line("phases", "before the vendor call p50 %.0f / p95 %.0f ms · after it p50 %.0f / p95 %.0f ms"
                        + " (from the sink's tables)", phases.beforeVendorP50(), phases.beforeVendorP95(),
                phases.afterVendorP50(), phases.afterVendorP95());
        line("outcomes", "%d succeeded · %d failed · %s · %d after fallback · %d attempts",
                run.succeeded(), run.failed(), run.byProvider().entrySet().stream()
                        .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")),
                run.afterFallback(), run.attempts());
        line("vendor calls", "fal %d · OpenAI %d (simulator's count of generation calls, warm-up included)",
                falCalls, openAiCalls);
        line("jvm", "heap used after GC %d MB (max %d MB) · %d threads (peak %d) · %d CPUs · JDK %s",
                jvm.heapUsedAfterGcBytes() >> 20, jvm.heapMaxBytes() >> 20, jvm.threads(), jvm.peakThreads(),
                jvm.processors(), Runtime.version());
        String machine = cpu.machineCores() < 0 ? "?" : String.format(Locale.ROOT, "%.2f", cpu.machineCores());
        line("cpu", "%.2f cores busy in this JVM, %s on the whole machine (of %d), from submit to seen complete",
                cpu.processCores(), machine, jvm.processors());
        out.println("  CPU ms by thread group in this JVM, from submit to seen complete:");
        cpuByThreads.forEach((group, millis) -> out.printf(Locale.ROOT, "    %7d  %s%n", millis, group));
        out.println("  outcomes per second, from the first request:");
        int[] perSecond = run.completionsPerSecond();
        for (int from = 0; from < perSecond.length; from += SECONDS_PER_LINE) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "    %3ds:", from));
            for (int s = from; s < Math.min(perSecond.length, from + SECONDS_PER_LINE); s++) {
                row.append(String.format(Locale.ROOT, " %4d", perSecond[s]));
            }
            out.println(row);
        }
    }

    private void line(String label, String format, Object... args) {
        out.print(String.format(Locale.ROOT, "  %-13s ", label));
        out.printf(Locale.ROOT, format + "%n", args);
    }
}
