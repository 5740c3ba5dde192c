package io.genpipe.bench.router;

import io.genpipe.bench.BenchArgs;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * Flags of {@link RouterBench}, parsed by {@link BenchArgs} like {@code PipelineBench}'s.
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
        BenchArgs parsed = BenchArgs.parse(args,
                Set.of("jobs", "rate", "duration-s", "warmup-s", "timeout-s", "report"), Set.of(), USAGE);
        String report = parsed.text("report");
        return new RouterBenchOptions(parsed.integer("jobs", 20_000), parsed.decimal("rate", 1_000),
                Duration.ofSeconds(parsed.longer("duration-s", 20)), Duration.ofSeconds(parsed.longer("warmup-s", 3)),
                Duration.ofSeconds(parsed.longer("timeout-s", 300)), report == null ? null : Path.of(report),
                parsed.properties());
    }
}
