package io.genpipe.bench.chaos;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Issue 10's chaos runs: the separate-process stack under load with poison records mixed in, broken once per run
 * (the router, a worker or the sink killed with SIGKILL; the ingress killed mid-batch; the broker restarted;
 * PostgreSQL stopped), then asked whether every accepted job ended exactly once, whether the sink counted anything
 * twice, how many vendor calls were made twice, and how long the pipeline took to recover. See bench/README.md.
 */
public final class ChaosBench {

    private ChaosBench() {
    }

    public static void main(String[] args) {
        // As local-stack does: on 2 cores the common pool would start a thread per HTTP answer.
        if (System.getProperty("java.util.concurrent.ForkJoinPool.common.parallelism") == null) {
            System.setProperty("java.util.concurrent.ForkJoinPool.common.parallelism", "2");
        }
        ChaosOptions options = ChaosOptions.parse(args);
        PrintStream out = System.out;
        out.printf("chaos %s · %s · %d cores · JDK %s%n", String.join(" ", args), Instant.now(),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        List<ChaosFigures> runs = new ArrayList<>();
        int status = 0;
        for (Fault fault : options.faults()) {
            try {
                ChaosFigures figures = new ChaosRun(options, fault, out).run();
                runs.add(figures);
                print(figures, out);
                status |= figures.invariantsHold() ? 0 : 2;
            } catch (Exception e) {
                out.println("   run " + fault.wireName() + " could not complete: " + e);
                e.printStackTrace(out);
                status |= 1;
            }
        }
        table(runs, out);
        System.exit(status);
    }

    private static void print(ChaosFigures run, PrintStream out) {
        out.printf("   outcomes per second: %s%n", run.outcomesPerSecond());
        out.printf("   %s: accepted %d · exactly one outcome %d · none %d · two %d (%d outcome records) · sink ended %d"
                        + " (%d failed) · fal calls %d (sink %d) for %d attempts · OpenAI calls %d (sink %d) for %d"
                        + " attempts · lost calls"
                        + " %d · poison %d → %d dead letters · real jobs dead-lettered %d · recovery %s%n",
                run.invariantsHold() ? "HOLDS" : "BROKEN", run.accepted(), run.oneOutcome(), run.noOutcome(),
                run.twoOutcomes(), run.outcomeRecords(), run.sinkTerminal(), run.sinkFailed(), run.falCalls(),
                run.sinkFalCalls(), run.falDispatches(), run.openAiCalls(), run.sinkOpenAiCalls(),
                run.openAiDispatches(), run.lostCalls(), run.poisonSent(),
                run.poisonDeadLetters(), run.ownDeadLetters(), seconds(run.recovery()));
    }

    private static void table(List<ChaosFigures> runs, PrintStream out) {
        out.println();
        out.println("| fault | down | accepted | exactly one outcome | none / two | sink ended (failed) | fal calls − attempts"
                + " | OpenAI calls − attempts | vendor calls − the sink's | lost calls billed | poison → dead letters"
                + " | outage | recovery | last outcome"
                + " | sink caught up |");
        out.println("|---|---:|---:|---:|---|---|---:|---:|---:|---:|---|---:|---:|---:|---:|");
        for (ChaosFigures run : runs) {
            out.printf("| %s | %s | %d | %d | %d / %d | %d (%d) | %d | %d | %d | %d | %d → %d | %s | %s | %s | %s |%n",
                    run.fault().wireName(), seconds(run.down()), run.accepted(), run.oneOutcome(), run.noOutcome(),
                    run.twoOutcomes(), run.sinkTerminal(), run.sinkFailed(), run.falDuplicates(),
                    run.openAiDuplicates(), run.unrecordedCalls(), run.lostCalls(), run.poisonSent(),
                    run.poisonDeadLetters(),
                    seconds(run.outage()), seconds(run.recovery()), seconds(run.drainTook()),
                    seconds(run.sinkCaughtUp()));
        }
    }

    private static String seconds(Duration duration) {
        return duration == null ? "—" : String.format("%.1f s", duration.toMillis() / 1e3);
    }
}
