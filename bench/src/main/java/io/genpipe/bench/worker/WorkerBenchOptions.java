package io.genpipe.bench.worker;

import io.genpipe.bench.BenchArgs;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Flags of {@link WorkerBench}, parsed by {@link BenchArgs} like the other benches'.
 *
 * @param provider    the catalog provider the worker serves: {@code openai} (one HTTP call held open per job) or
 *                    {@code fal} (submit, scheduled status polls, result)
 * @param jobs        dispatches of each measured run
 * @param warmupJobs  dispatches sent first to each new worker JVM and waited for, before the measurement
 * @param rate        dispatches per second; 0 sends them all at once (a burst)
 * @param latency     the simulated vendor's fixed generation latency
 * @param maxInFlight one variant per value, {@code genpipe.workers.max-in-flight}; A is the first
 * @param runs        runs per variant, alternated A B A B ...
 * @param jvmOptions  the worker JVM's options, the same for every variant
 * @param workerJars  the provider-workers executable jars; with more than one, each jar is a variant for each
 *                    max-in-flight (jar by jar), so two builds are compared A B A B in one run
 * @param timeout     give up on a run whose attempts have not all ended by then
 * @param properties  added to every worker's Spring properties ({@code --property=key=value}, repeatable)
 */
record WorkerBenchOptions(String provider, int jobs, int warmupJobs, double rate, Duration latency,
                          List<Integer> maxInFlight, int runs, List<String> jvmOptions, List<Path> workerJars,
                          Duration timeout, Map<String, String> properties) {

    static final String DEFAULT_JVM_OPTIONS = "-Xmx256m,-XX:+UseG1GC";
    static final String DEFAULT_JAR = "provider-workers/target/provider-workers-0.1.0-SNAPSHOT-exec.jar";

    static final String USAGE = """
            usage: WorkerBench [--provider=openai|fal] [--jobs=10000] [--warmup-jobs=3000] [--rate=0]
                               [--latency-ms=2000] [--max-in-flight=256,2500] [--runs=3]
                               [--jvm-options=-Xmx256m,-XX:+UseG1GC] [--worker-jar=provider-workers/target/...-exec.jar]
                               [--worker-jars=before.jar,after.jar] [--timeout-s=600] [--property=key=value ...]
              --max-in-flight  one variant per value (comma-separated), run alternately --runs times each
              --worker-jars    compare builds: one variant per jar (and per max-in-flight), alternated
              --rate           dispatches/s; 0 = all at once
              --jvm-options    the worker JVM's options, comma-separated, for every variant
              --property       a worker property for every variant, e.g. spring.kafka.consumer.max-poll-records=1000
            """;

    WorkerBenchOptions {
        if (!provider.equals("openai") && !provider.equals("fal")) {
            throw new IllegalArgumentException("provider must be openai or fal\n" + USAGE);
        }
        if (jobs < 1 || warmupJobs < 0 || rate < 0 || runs < 1 || maxInFlight.isEmpty() || workerJars.isEmpty()
                || latency.isNegative() || latency.isZero()) {
            throw new IllegalArgumentException("jobs, runs, latency and max-in-flight must be positive\n" + USAGE);
        }
        maxInFlight = List.copyOf(maxInFlight);
        jvmOptions = List.copyOf(jvmOptions);
        workerJars = List.copyOf(workerJars);
        properties = Map.copyOf(properties);
    }

    static WorkerBenchOptions parse(String... args) {
        BenchArgs parsed = BenchArgs.parse(args, Set.of("provider", "jobs", "warmup-jobs", "rate", "latency-ms",
                "max-in-flight", "runs", "jvm-options", "worker-jar", "worker-jars", "timeout-s"), Set.of(), USAGE);
        String provider = parsed.text("provider");
        String maxInFlight = parsed.text("max-in-flight");
        String jvmOptions = parsed.text("jvm-options");
        String jar = parsed.text("worker-jar");
        String jars = parsed.text("worker-jars");
        if (jar != null && jars != null) {
            throw new IllegalArgumentException("--worker-jar or --worker-jars, not both\n" + USAGE);
        }
        return new WorkerBenchOptions(provider == null ? "openai" : provider, parsed.integer("jobs", 10_000),
                parsed.integer("warmup-jobs", 3_000), parsed.decimal("rate", 0),
                Duration.ofMillis(parsed.longer("latency-ms", 2_000)),
                list(maxInFlight == null ? "256,2500" : maxInFlight).stream().map(Integer::valueOf).toList(),
                parsed.integer("runs", 3), list(jvmOptions == null ? DEFAULT_JVM_OPTIONS : jvmOptions),
                list(jars != null ? jars : jar != null ? jar : DEFAULT_JAR).stream().map(Path::of).toList(),
                Duration.ofSeconds(parsed.longer("timeout-s", 600)),
                parsed.properties());
    }

    /**
     * This bench's defaults (those of {@link #parse} without flags) but for one run of one variant: the given jar and
     * {@code max-in-flight}, and the given job counts and worker properties.
     */
    static WorkerBenchOptions oneVariant(Path workerJar, int maxInFlight, int jobs, int warmupJobs,
                                         Map<String, String> properties) {
        WorkerBenchOptions defaults = parse();
        return new WorkerBenchOptions(defaults.provider(), jobs, warmupJobs, defaults.rate(), defaults.latency(),
                List.of(maxInFlight), 1, defaults.jvmOptions(), List.of(workerJar), defaults.timeout(), properties);
    }

    /** The variants in the order they run: jar by jar, then max-in-flight by max-in-flight; A is the first. */
    List<Variant> variants() {
        List<Variant> variants = new ArrayList<>();
        for (Path jar : workerJars) {
            for (int maxInFlightValue : maxInFlight) {
                char letter = (char) ('A' + variants.size());
                String name = letter + " max-in-flight=" + maxInFlightValue
                        + (workerJars.size() > 1 ? " " + jar.getFileName() : "");
                variants.add(new Variant(name, maxInFlightValue, jar));
            }
        }
        return variants;
    }

    /** One worker configuration the bench measures: its name in the report, its max-in-flight, its jar. */
    record Variant(String name, int maxInFlight, Path workerJar) {
    }

    private static List<String> list(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
