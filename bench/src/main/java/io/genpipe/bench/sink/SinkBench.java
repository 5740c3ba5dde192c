package io.genpipe.bench.sink;

import io.genpipe.bench.BenchArgs;
import io.genpipe.bench.CpuUse;
import io.genpipe.bench.router.BenchKafka;
import io.genpipe.bench.router.JsonProducer;
import io.genpipe.contracts.topic.Topics;
import io.genpipe.infra.EmbeddedKafkaBroker;
import io.genpipe.infra.EmbeddedPostgresDatabase;
import io.genpipe.infra.InfrastructureSettings;
import io.genpipe.sink.ResultsSinkApplication;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The results sink alone: events per second into PostgreSQL (see bench/README.md, "Sink alone"). One embedded broker
 * and one embedded PostgreSQL for the session; {@code --jobs} jobs' four events (request, dispatch, result, outcome)
 * preloaded onto their topics once. Each run starts a sink with a consumer group and a database of its own, so it
 * reads the same backlog from the start into empty tables, and counts from its first recorded event to its last.
 * The variants differ in {@code genpipe.sink.events-per-transaction} and run alternately, A B A B A B.
 */
public final class SinkBench {

    private static final String USAGE = """
            SinkBench [--jobs=N] [--runs=N] [--events-per-transaction=A,B,...] [--jdbc-options=k=v&k=v]
                      [--timeout-s=N] [--property=k=v] [--pg-statements=N]""";
    private static final int EVENTS_PER_JOB = 4;

    private SinkBench() {
    }

    /** One run's figures. */
    record Run(int eventsPerTransaction, int run, long events, double seconds, CpuUse.Figures cpu) {
        double eventsPerSecond() {
            return events / seconds;
        }
    }

    public static void main(String[] args) {
        BenchArgs parsed = BenchArgs.parse(args, Set.of("jobs", "runs", "events-per-transaction", "jdbc-options", "timeout-s",
                        "pg-statements"),
                Set.of(), USAGE);
        int jobs = parsed.integer("jobs", 5_000);
        int runs = parsed.integer("runs", 3);
        String variantsText = parsed.text("events-per-transaction");
        List<Integer> variants = Arrays.stream((variantsText == null ? "500,1" : variantsText).split(","))
                .map(String::trim).map(Integer::parseInt).toList();
        Duration timeout = Duration.ofSeconds(parsed.longer("timeout-s", 600));
        int status = 0;
        try {
            String jdbcOptions = parsed.text("jdbc-options");
            List<Run> results = run(jobs, runs, variants, timeout, parsed.properties(),
                    jdbcOptions == null ? "" : "?" + jdbcOptions, parsed.integer("pg-statements", 0), System.out);
            print(results, variants, jobs, System.out);
        } catch (RuntimeException | InterruptedException | TimeoutException e) {
            e.printStackTrace();
            status = 1;
        }
        System.exit(status);
    }

    static List<Run> run(int jobs, int runs, List<Integer> variants, Duration timeout, Map<String, String> properties,
                         String jdbcOptions, int statements, PrintStream out)
            throws InterruptedException, TimeoutException {
        List<Run> results = new ArrayList<>();
        String host = InfrastructureSettings.LOOPBACK;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(host, 0, null);
             EmbeddedPostgresDatabase postgres = EmbeddedPostgresDatabase.start(host, 0, null,
                     statements > 0 ? ServerStatements.SERVER_CONFIG : Map.of())) {
            if (statements > 0) {
                ServerStatements.enable(postgres);
            }
            String bootstrap = broker.bootstrapServers();
            BenchKafka.createTopics(bootstrap);
            preload(bootstrap, jobs, out);
            for (int run = 1; run <= runs; run++) {
                for (int perTransaction : variants) {
                    Run result = oneRun(bootstrap, postgres, run, perTransaction, jobs, timeout, properties,
                            jdbcOptions);
                    out.printf("run %d, events-per-transaction %d: %,d events in %.2f s, %,.0f events/s,"
                                    + " bench JVM %.2f cores, machine %.2f cores%n", run, perTransaction,
                            result.events(), result.seconds(), result.eventsPerSecond(), result.cpu().processCores(),
                            result.cpu().machineCores());
                    if (statements > 0) {
                        ServerStatements.print(postgres, database(run, perTransaction), statements, out);
                    }
                    results.add(result);
                }
            }
        }
        return results;
    }

    private static String database(int run, int perTransaction) {
        return "sink_bench_" + run + "_" + perTransaction;
    }

    private static void preload(String bootstrap, int jobs, PrintStream out) {
        out.printf("preloading %,d jobs (%,d events)%n", jobs, jobs * EVENTS_PER_JOB);
        Instant at = Instant.now();
        try (JsonProducer producer = new JsonProducer(bootstrap, 20)) {
            for (int i = 0; i < jobs; i++) {
                String jobId = "sink-bench-" + i;
                SinkEvents events = SinkEvents.of(jobId, "sink-bench-batch-" + (i / 1000), at);
                producer.send(Topics.JOBS.name(), jobId, events.requested());
                producer.send(Topics.dispatch(SinkEvents.PROVIDER).name(), jobId, events.dispatched());
                producer.send(Topics.ATTEMPTS.name(), jobId, events.succeeded());
                producer.send(Topics.OUTCOMES.name(), jobId, events.outcome());
            }
            producer.flush();
        }
    }

    private static Run oneRun(String bootstrap, EmbeddedPostgresDatabase postgres, int run, int perTransaction,
                              int jobs, Duration timeout, Map<String, String> properties, String jdbcOptions)
            throws InterruptedException, TimeoutException {
        String database = database(run, perTransaction);
        postgres.createDatabase(database);
        Map<String, String> arguments = new LinkedHashMap<>();
        arguments.put("server.port", "0");
        arguments.put("spring.main.banner-mode", "off");
        arguments.put("spring.main.log-startup-info", "false");
        arguments.put("spring.datasource.url", postgres.jdbcUrl(database) + jdbcOptions);
        arguments.put("spring.datasource.username", postgres.username());
        arguments.put("spring.datasource.password", postgres.password());
        arguments.put("spring.kafka.bootstrap-servers", bootstrap);
        arguments.put("spring.kafka.consumer.group-id", database);
        arguments.put("genpipe.sink.dispatch-topic-discovery-ms", "1000");
        arguments.put("genpipe.sink.events-per-transaction", Integer.toString(perTransaction));
        arguments.putAll(properties);
        long expected = (long) jobs * EVENTS_PER_JOB;
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        // Arguments, not builder properties: those are defaults, which results-sink.yml overrides.
        try (ConfigurableApplicationContext sink = ResultsSinkApplication.builder().registerShutdownHook(false)
                .run(arguments.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                        .toArray(String[]::new))) {
            MeterRegistry meters = sink.getBean(MeterRegistry.class);
            Progress progress = new Progress(meters, expected);
            sampler.scheduleAtFixedRate(progress::sample, 0, 5, TimeUnit.MILLISECONDS);
            if (Boolean.getBoolean("sink-bench.progress")) {
                sampler.scheduleAtFixedRate(() -> System.out.println("  " + progress.byEvent()), 1, 1, TimeUnit.SECONDS);
            }
            try {
                progress.done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            } catch (TimeoutException e) {
                throw new TimeoutException("events-per-transaction " + perTransaction + ": " + progress.recorded()
                        + " of " + expected + " events recorded within " + timeout);
            }
            return new Run(perTransaction, run, progress.recorded(),
                    (progress.lastNanos - progress.firstNanos) / 1e9, progress.cpu.stop());
        } finally {
            sampler.shutdownNow();
        }
    }

    /** Samples the sink's event counter: the first event recorded starts the clock, the last stops it. */
    private static final class Progress {
        private final MeterRegistry meters;
        private final long expected;
        final CompletableFuture<Void> done = new CompletableFuture<>();
        volatile long firstNanos;
        volatile long lastNanos;
        volatile CpuUse cpu;

        Progress(MeterRegistry meters, long expected) {
            this.meters = meters;
            this.expected = expected;
        }

        long recorded() {
            double total = 0;
            for (Counter counter : meters.find("genpipe.sink.events").counters()) {
                if (!"dead-lettered".equals(counter.getId().getTag("effect"))) {
                    total += counter.count();
                }
            }
            return (long) total;
        }

        /** Events recorded so far, by listener: where a run spends its time. */
        Map<String, Long> byEvent() {
            Map<String, Long> counts = new java.util.TreeMap<>();
            for (Counter counter : meters.find("genpipe.sink.events").counters()) {
                counts.merge(counter.getId().getTag("event"), (long) counter.count(), Long::sum);
            }
            return counts;
        }

        void sample() {
            long recorded = recorded();
            if (recorded > 0 && cpu == null) {
                firstNanos = System.nanoTime();
                cpu = new CpuUse();
            }
            if (recorded >= expected && !done.isDone()) {
                lastNanos = System.nanoTime();
                done.complete(null);
            }
        }
    }

    private static void print(List<Run> results, List<Integer> variants, int jobs, PrintStream out) {
        out.printf("%n%,d jobs, %,d events per run; min / median / max of %d runs%n%n", jobs,
                (long) jobs * EVENTS_PER_JOB, results.size() / variants.size());
        out.println("| events per transaction | events/s | bench JVM cores | machine cores |");
        out.println("|---|---|---|---|");
        for (int variant : variants) {
            List<Run> runs = results.stream().filter(r -> r.eventsPerTransaction() == variant).toList();
            out.printf("| %d | %s | %s | %s |%n", variant,
                    spread(runs.stream().mapToDouble(Run::eventsPerSecond).toArray(), "%,.0f"),
                    spread(runs.stream().mapToDouble(r -> r.cpu().processCores()).toArray(), "%.2f"),
                    spread(runs.stream().mapToDouble(r -> r.cpu().machineCores()).toArray(), "%.2f"));
        }
        if (variants.size() == 2) {
            List<Double> ratios = new ArrayList<>();
            for (int run = 1; run <= results.size() / 2; run++) {
                int r = run;
                double a = results.stream().filter(x -> x.run() == r && x.eventsPerTransaction() == variants.get(0))
                        .findFirst().orElseThrow().eventsPerSecond();
                double b = results.stream().filter(x -> x.run() == r && x.eventsPerTransaction() == variants.get(1))
                        .findFirst().orElseThrow().eventsPerSecond();
                ratios.add(a / b);
            }
            out.printf("%nratio %d : %d per run (same run, back to back): %s%n", variants.get(0), variants.get(1),
                    spread(ratios.stream().mapToDouble(Double::doubleValue).toArray(), "%.1fx"));
        }
    }

    private static String spread(double[] values, String format) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return String.format(format, sorted[0]) + " / " + String.format(format, sorted[(sorted.length - 1) / 2])
                + " / " + String.format(format, sorted[sorted.length - 1]);
    }
}
