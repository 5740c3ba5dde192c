package io.genpipe.bench.router;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Flags of {@link RouterBench}, parsed the way {@code BenchOptions} parses {@code PipelineBench}'s.
 *
 * @param jobs       jobs preloaded onto {@code genpipe.jobs.v1} for the throughput run
 * @param rate       jobs per second of the latency runs (router path and pass-through baseline)
 * @param duration   how long each latency run sends, warm-up included
 * @param warmup     the first part of each latency run, left out of its percentiles
 * @param timeout    give up waiting for dispatches (or pass-through records) after this
 * @param report     where to write the figures as JSON; {@code null} writes none
 * @param properties added to the router's Spring properties ({@code --property=key=value}, repeatable), e.g.
 *                   {@code spring.kafka.streams.properties.num.stream.threads=2}
 */
record RouterBenchOptions(int jobs, double rate, Duration duration, Duration warmup, Duration timeout, Path report,
                          Map<String, String> properties) {

    static final String USAGE = """
            usage: RouterBench [--jobs=20000] [--rate=1000] [--duration-s=20] [--warmup-s=3] [--timeout-s=300]
                               [--report=router-bench.json] [--property=key=value ...]
              --jobs      preloaded jobs of the throughput run
              --rate      jobs/s of the latency runs (router and pass-through baseline), for --duration-s each,
                          the first --warmup-s of each left out
              --property  a router property, e.g. spring.kafka.streams.properties.num.stream.threads=2
            """;

    RouterBenchOptions {
        if (jobs < 1 || rate <= 0) {
            throw new IllegalArgumentException("jobs and rate must be positive\n" + USAGE);
        }
        if (warmup.isNegative() || warmup.compareTo(duration) >= 0 || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("warm-up must be shorter than the duration, timeout positive\n"
                    + USAGE);
        }
        properties = Map.copyOf(properties);
    }

    static RouterBenchOptions parse(String... args) {
        int jobs = 20_000;
        double rate = 1_000;
        long durationSeconds = 20;
        long warmupSeconds = 3;
        long timeoutSeconds = 300;
        Path report = null;
        Map<String, String> properties = new LinkedHashMap<>();
        for (String arg : Arrays.stream(args).flatMap(a -> Arrays.stream(a.trim().split("\\s+"))).toList()) {
            if (arg.isEmpty()) {
                continue;
            }
            if (arg.startsWith("--jobs=")) {
                jobs = Integer.parseInt(valueOf(arg));
            } else if (arg.startsWith("--rate=")) {
                rate = Double.parseDouble(valueOf(arg));
            } else if (arg.startsWith("--duration-s=")) {
                durationSeconds = Long.parseLong(valueOf(arg));
            } else if (arg.startsWith("--warmup-s=")) {
                warmupSeconds = Long.parseLong(valueOf(arg));
            } else if (arg.startsWith("--timeout-s=")) {
                timeoutSeconds = Long.parseLong(valueOf(arg));
            } else if (arg.startsWith("--report=")) {
                report = Path.of(valueOf(arg));
            } else if (arg.startsWith("--property=") && valueOf(arg).contains("=")) {
                String property = valueOf(arg);
                int split = property.indexOf('=');
                properties.put(property.substring(0, split), property.substring(split + 1));
            } else {
                throw new IllegalArgumentException("unknown option " + arg + "\n" + USAGE);
            }
        }
        return new RouterBenchOptions(jobs, rate, Duration.ofSeconds(durationSeconds),
                Duration.ofSeconds(warmupSeconds), Duration.ofSeconds(timeoutSeconds), report, properties);
    }

    private static String valueOf(String arg) {
        return arg.substring(arg.indexOf('=') + 1);
    }
}
