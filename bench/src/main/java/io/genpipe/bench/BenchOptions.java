package io.genpipe.bench;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * Flags of {@link PipelineBench}.
 *
 * @param jobs       jobs to submit in the measured run
 * @param batchSize  prompts per {@code POST /v1/batches} (the ingress takes at most 1000)
 * @param warmupJobs jobs sent through first and left out of the figures, so JIT, connection set-up and consumer
 *                   group joins are not measured
 * @param rate       jobs per second to submit at, paced in batches; 0 submits all at once (a burst)
 * @param latency    how long each simulated generation takes, the same fixed value for both vendors
 * @param falOutage  fal answers every call with its outage 503 during the measured run: jobs complete on OpenAI
 * @param timeout    give up when the run has not completed by then
 * @param properties extra service properties ({@code --property=key=value}, repeatable), e.g. poll sizes
 */
record BenchOptions(int jobs, int batchSize, int warmupJobs, double rate, Duration latency, boolean falOutage,
                    Duration timeout, Map<String, String> properties) {

    static final String USAGE = """
            usage: PipelineBench [--jobs=2000] [--batch-size=100] [--warmup-jobs=200] [--rate=0] [--latency-ms=200]
                                 [--fal-outage] [--timeout-s=600] [--property=key=value ...]
              --rate=N paces submission at N jobs/s (one batch every batch-size/N s); 0 sends all at once
              --latency-ms=1 is the "no vendor latency" run (the simulator needs a positive latency)
            """;

    BenchOptions {
        if (jobs < 1 || batchSize < 1 || warmupJobs < 0 || rate < 0) {
            throw new IllegalArgumentException("jobs and batch size must be positive, warm-up and rate not negative\n"
                    + USAGE);
        }
        if (latency.isNegative() || latency.isZero()) {
            throw new IllegalArgumentException("latency must be positive (use 1 ms for none)\n" + USAGE);
        }
        properties = Map.copyOf(properties);
    }

    static BenchOptions parse(String... args) {
        BenchArgs parsed = BenchArgs.parse(args,
                Set.of("jobs", "batch-size", "warmup-jobs", "rate", "latency-ms", "timeout-s"), Set.of("fal-outage"),
                USAGE);
        return new BenchOptions(parsed.integer("jobs", 2000), parsed.integer("batch-size", 100),
                parsed.integer("warmup-jobs", 200), parsed.decimal("rate", 0),
                Duration.ofMillis(parsed.longer("latency-ms", 200)), parsed.flag("fal-outage"),
                Duration.ofSeconds(parsed.longer("timeout-s", 600)), parsed.properties());
    }
}
