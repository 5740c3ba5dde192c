package io.genpipe.bench.proof;

import io.genpipe.bench.BenchArgs;
import io.genpipe.bench.failover.FailoverBench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * Flags of {@link ProofBench}. The defaults are the issue's definitions of the figures; the others exist to try the
 * command quickly ({@code --runs=1 --ceiling-records=50000 --paced-s=5 --worker-jobs=2000 --failover-jobs=60}), not
 * to change what it means.
 *
 * @param runs           how many times the whole sequence runs, each on a freshly started stack
 * @param report         where to write the figures as JSON as well; {@code null} writes none
 * @param ceilingRecords records of the raw Kafka run (after a tenth as many unmeasured ones)
 * @param burstJobs      jobs of the end-to-end burst, with 1 ms vendors
 * @param warmupJobs     jobs sent through first in each run, left out of every figure
 * @param pacedDuration  how long the overhead run submits, at half the burst's jobs/s, with 200 ms vendors
 * @param pacedBatchSize prompts per batch of the overhead run: a batch every batchSize ÷ rate seconds
 * @param timeout        give up on a part whose jobs have not all finished by then
 * @param properties     added to every service's configuration ({@code --property=key=value}, repeatable): the
 *                       stack's, the worker JVM's of (4) and the failover stack's of (5)
 * @param worker         (4) one worker JVM as {@code WorkerBench} measures it, after 1 to 3; {@code null} with
 *                       {@code --no-worker}
 * @param failover       (5) one run of {@code FailoverBench}'s load, after (4); {@code null} with
 *                       {@code --no-failover}
 * @param coldStart      (6) also time a new local-run process to its first succeeded job, last;
 *                       {@code --no-cold-start} leaves it out (it needs ports 8080-8083 and 15432 free)
 */
record ProofOptions(int runs, Path report, int ceilingRecords, int burstJobs, int warmupJobs, Duration pacedDuration,
                    int pacedBatchSize, Duration timeout, Map<String, String> properties, Worker worker,
                    FailoverBench.Load failover, boolean coldStart) {

    /** Where {@code WorkerBench} looks for the worker by default, from the repository root. */
    static final String DEFAULT_WORKER_JAR = "provider-workers/target/provider-workers-0.1.0-SNAPSHOT-exec.jar";
    /** {@code WorkerBench}'s B variant, the one issue 12's goal of 2,000 calls in flight is about. */
    static final int WORKER_MAX_IN_FLIGHT = 2500;

    static final String USAGE = """
            usage: ProofBench [--runs=3] [--report=FILE] [--ceiling-records=300000] [--jobs=2000] [--warmup-jobs=200]
                              [--paced-s=20] [--paced-batch-size=5] [--timeout-s=300]
                              [--worker-jar=provider-workers/target/provider-workers-0.1.0-SNAPSHOT-exec.jar]
                              [--worker-jobs=10000] [--worker-warmup-jobs=3000]
                              [--failover-jobs=200] [--failover-warmup-jobs=40]
                              [--no-worker] [--no-failover] [--no-cold-start] [--property=key=value ...]
              each run: raw Kafka produce/consume on the pipeline's broker, then a burst of --jobs at 1 ms vendors,
              then --paced-s at half that burst's jobs/s with 200 ms vendors; once that stack is closed, one worker
              JVM (max-in-flight 2500) with --worker-jobs at once at a 2 s vendor, then the failover load (a hung
              primary beside a healthy secondary, on a stack of its own), then a cold start of the local run
              (LocalStack in a new JVM) to its first succeeded job; figures are min / median / max of the runs
            """;

    /**
     * The worker measurement: {@code WorkerBench}'s defaults (OpenAI at 2 s, all at once, worker
     * {@code -Xmx256m -XX:+UseG1GC}) for one max-in-flight.
     */
    record Worker(Path jar, int maxInFlight, int jobs, int warmupJobs) {

        Worker {
            if (maxInFlight < 1 || jobs < 1 || warmupJobs < 0) {
                throw new IllegalArgumentException("worker jobs and max-in-flight must be positive\n" + USAGE);
            }
        }
    }

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
                "paced-s", "paced-batch-size", "timeout-s", "worker-jar", "worker-jobs", "worker-warmup-jobs",
                "failover-jobs", "failover-warmup-jobs"), Set.of("no-worker", "no-failover", "no-cold-start"), USAGE);
        String report = parsed.text("report");
        String jar = parsed.text("worker-jar");
        Worker worker = parsed.flag("no-worker") ? null
                : new Worker(Path.of(jar == null ? DEFAULT_WORKER_JAR : jar), WORKER_MAX_IN_FLIGHT,
                parsed.integer("worker-jobs", 10_000), parsed.integer("worker-warmup-jobs", 3_000));
        FailoverBench.Load failover = parsed.flag("no-failover") ? null
                : FailoverBench.Load.ISSUE.withJobs(parsed.integer("failover-jobs", FailoverBench.Load.ISSUE.jobs()),
                parsed.integer("failover-warmup-jobs", FailoverBench.Load.ISSUE.warmupJobs()));
        return new ProofOptions(parsed.integer("runs", 3), report == null ? null : Path.of(report),
                parsed.integer("ceiling-records", 300_000), parsed.integer("jobs", 2000),
                parsed.integer("warmup-jobs", 200), Duration.ofSeconds(parsed.longer("paced-s", 20)),
                parsed.integer("paced-batch-size", 5), Duration.ofSeconds(parsed.longer("timeout-s", 300)),
                parsed.properties(), worker, failover, !parsed.flag("no-cold-start"));
    }

    /** Before any run: a missing worker jar would otherwise fail the first run only after (1) to (3). */
    void requireWorkerJar() {
        if (worker != null && !Files.isRegularFile(worker.jar())) {
            throw new IllegalStateException("no worker jar at " + worker.jar().toAbsolutePath() + ": build it with"
                    + " mvn -B -q -o -pl provider-workers -am package -DskipTests (from the repository root), pass"
                    + " --worker-jar=PATH, or leave (4) out with --no-worker");
        }
    }
}
