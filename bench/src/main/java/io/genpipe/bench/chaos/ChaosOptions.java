package io.genpipe.bench.chaos;

import io.genpipe.bench.BenchArgs;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Flags of {@link ChaosBench}.
 *
 * @param faults      one run per fault, in order, each on a fresh stack
 * @param jobs        jobs of each run, submitted as batches through the ingress
 * @param rate        jobs per second offered
 * @param batchSize   prompts per {@code POST /v1/batches}
 * @param poisonEvery one unreadable record produced straight to {@code genpipe.jobs.v1} per this many jobs
 * @param faultAfter  when the fault strikes, from the first batch
 * @param down        how long the broken part stays down; {@code null} takes the fault's default
 * @param latency     the simulated vendors' fixed latency
 * @param timeout     give up on a run whose jobs have not all ended by then
 * @param properties  added to every service's configuration ({@code --property=key=value}, repeatable), for a
 *                    variant such as Kafka's default session timeout
 */
record ChaosOptions(List<Fault> faults, int jobs, double rate, int batchSize, int poisonEvery, Duration faultAfter,
                    Duration down, Duration latency, Duration timeout, Map<String, String> properties) {

    static final String USAGE = """
            usage: ChaosBench [--faults=router,worker,sink,ingress,broker,postgres] [--jobs=10000] [--rate=100]
                              [--batch-size=100] [--poison-every=100] [--fault-after-s=20] [--down-s=<the fault's>]
                              [--latency-ms=200] [--timeout-s=900] [--property=key=value ...]
              --faults   one run per fault on a fresh stack; none = a run without a fault, to compare
              --down-s   how long the part stays down: 5 s for a killed service or the broker, 30 s for PostgreSQL
            """;

    ChaosOptions {
        if (faults.isEmpty() || jobs < 1 || rate <= 0 || batchSize < 1 || batchSize > 1000 || poisonEvery < 1) {
            throw new IllegalArgumentException("faults, jobs, rate, batch size and poison-every must be given and positive\n"
                    + USAGE);
        }
        faults = List.copyOf(faults);
        properties = Map.copyOf(properties);
    }

    static ChaosOptions parse(String[] args) {
        BenchArgs parsed = BenchArgs.parse(args, Set.of("faults", "jobs", "rate", "batch-size", "poison-every",
                "fault-after-s", "down-s", "latency-ms", "timeout-s"), Set.of(), USAGE);
        String faults = parsed.text("faults");
        String down = parsed.text("down-s");
        return new ChaosOptions(
                Arrays.stream((faults == null ? "router,worker,sink,ingress,broker,postgres" : faults).split(","))
                        .map(Fault::parse).toList(),
                parsed.integer("jobs", 10_000), parsed.decimal("rate", 100), parsed.integer("batch-size", 100),
                parsed.integer("poison-every", 100), Duration.ofSeconds(parsed.longer("fault-after-s", 20)),
                down == null ? null : Duration.ofSeconds(Long.parseLong(down)),
                Duration.ofMillis(parsed.longer("latency-ms", 200)), Duration.ofSeconds(parsed.longer("timeout-s", 900)),
                parsed.properties());
    }

    Duration downFor(Fault fault) {
        return down != null ? down : fault.defaultDown;
    }
}
