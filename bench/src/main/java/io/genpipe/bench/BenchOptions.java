package io.genpipe.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

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
        int jobs = 2000;
        int batchSize = 100;
        int warmupJobs = 200;
        double rate = 0;
        long latencyMs = 200;
        boolean falOutage = false;
        long timeoutSeconds = 600;
        Map<String, String> properties = new LinkedHashMap<>();
        for (String arg : Arrays.stream(args).flatMap(a -> Arrays.stream(a.trim().split("\\s+"))).toList()) {
            if (arg.isEmpty()) {
                continue;
            }
            if (arg.equals("--fal-outage")) {
                falOutage = true;
            } else if (arg.startsWith("--jobs=")) {
                jobs = Integer.parseInt(valueOf(arg));
            } else if (arg.startsWith("--batch-size=")) {
                batchSize = Integer.parseInt(valueOf(arg));
            } else if (arg.startsWith("--warmup-jobs=")) {
                warmupJobs = Integer.parseInt(valueOf(arg));
            } else if (arg.startsWith("--rate=")) {
                rate = Double.parseDouble(valueOf(arg));
            } else if (arg.startsWith("--latency-ms=")) {
                latencyMs = Long.parseLong(valueOf(arg));
            } else if (arg.startsWith("--timeout-s=")) {
                timeoutSeconds = Long.parseLong(valueOf(arg));
            } else if (arg.startsWith("--property=") && valueOf(arg).contains("=")) {
                String property = valueOf(arg);
                int split = property.indexOf('=');
                properties.put(property.substring(0, split), property.substring(split + 1));
            } else {
                throw new IllegalArgumentException("unknown option " + arg + "\n" + USAGE);
            }
        }
        return new BenchOptions(jobs, batchSize, warmupJobs, rate, Duration.ofMillis(latencyMs), falOutage,
                Duration.ofSeconds(timeoutSeconds), properties);
    }

    private static String valueOf(String arg) {
        return arg.substring(arg.indexOf('=') + 1);
    }
}
