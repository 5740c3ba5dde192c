package io.genpipe.bench.proof;

import io.genpipe.bench.BenchArgs;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * Flags of {@link ProofBench}. The defaults are the definitions of the three figures; the others exist to
 * try the command quickly ({@code --runs=1 --ceiling-records=50000 --paced-s=5}), not to change what it means.
 *
 * @param runs           how many times the whole sequence runs, each on a freshly started stack
 * @param report         where to write the figures as JSON as well; {@code null} writes none
 * @param ceilingRecords records of the raw Kafka run (after a tenth as many unmeasured ones)
 * @param burstJobs      jobs of the end-to-end burst, with 1 ms vendors
 * @param warmupJobs     jobs sent through first in each run, left out of every figure
 * @param pacedDuration  how long the overhead run submits, at half the burst's jobs/s, with 200 ms vendors
 * @param pacedBatchSize prompts per batch of the overhead run: a batch every batchSize ÷ rate seconds
 * @param timeout        give up on a part whose jobs have not all finished by then
 * @param properties     added to every service's configuration ({@code --property=key=value}, repeatable)
 * @param coldStart      (6) also time a new local-run process to its first succeeded job, after 1 to 3;
 *                       {@code --no-cold-start} leaves it out (it needs ports 8080-8083 and 15432 free)
 */
record ProofOptions(int runs, Path report, int ceilingRecords, int burstJobs, int warmupJobs, Duration pacedDuration,
                    int pacedBatchSize, Duration timeout, Map<String, String> properties, boolean coldStart) {

    static final String USAGE = """
            usage: ProofBench [--runs=3] [--report=FILE] [--ceiling-records=300000] [--jobs=2000] [--warmup-jobs=200]
                              [--paced-s=20] [--paced-batch-size=5] [--timeout-s=300] [--no-cold-start]
                              [--property=key=value ...]
              each run: raw Kafka produce/consume on the pipeline's broker, then a burst of --jobs at 1 ms vendors,
              then --paced-s at half that burst's jobs/s with 200 ms vendors, then a cold start of the local run
              (LocalStack in a new JVM) to its first succeeded job; figures are min / median / max of the runs
            """;

    ProofOptions {
        if (runs < 1 || ceilingRecords < 1 || burstJobs < 1 || warmupJobs < 0 || pacedBatchSize < 1) {
            throw new IllegalArgumentException("runs, records, jobs and batch size must be positive\n" + USAGE);
        }
        if (pacedDuration.isNegative() || pacedDuration.isZero() || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the paced run and the timeout must be positive\n" + USAGE);
        }
        properties = Map.copyOf(properties);
    }

    static ProofOptions parse(String... args) {
        BenchArgs parsed = BenchArgs.parse(args, Set.of("runs", "report", "ceiling-records", "jobs", "warmup-jobs",
                "paced-s", "paced-batch-size", "timeout-s"), Set.of("no-cold-start"), USAGE);
        String report = parsed.text("report");
        return new ProofOptions(parsed.integer("runs", 3), report == null ? null : Path.of(report),
                parsed.integer("ceiling-records", 300_000), parsed.integer("jobs", 2000),
                parsed.integer("warmup-jobs", 200), Duration.ofSeconds(parsed.longer("paced-s", 20)),
                parsed.integer("paced-batch-size", 5), Duration.ofSeconds(parsed.longer("timeout-s", 300)),
                parsed.properties(), !parsed.flag("no-cold-start"));
    }
}
