package io.genpipe.bench.router;

import io.genpipe.bench.CpuUse;
import io.genpipe.bench.ThreadCpu;
import io.genpipe.contracts.event.AttemptDispatched;
import io.genpipe.contracts.event.JobRequested;
import io.genpipe.contracts.json.JsonSerde;
import io.genpipe.contracts.topic.Topics;
import io.genpipe.infra.EmbeddedKafkaBroker;
import io.genpipe.infra.InfrastructureSettings;
import io.genpipe.router.RouterApplication;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The router alone, on a real in-JVM KRaft broker with temporary data, in two parts (see bench/README.md, "Router
 * alone"):
 * <ol>
 *   <li>throughput: N jobs preloaded onto {@code genpipe.jobs.v1}, both providers reported UP, then the router
 *   started; decisions/s over its dispatches of those jobs;</li>
 *   <li>latency at a paced rate: send time → dispatch received, per job, against a baseline of the same producer and
 *   consumer through a pass-through topic, so the router's own share can be told apart from Kafka's.</li>
 * </ol>
 * The latency runs use the router of the throughput run, kept running: it is warm, its group is settled and its
 * stores hold the 20,000 jobs a busy router would hold. A second router would first restore those stores from their
 * changelogs and rejoin the group, which is start-up, not the per-hop cost this part is after.
 */
public final class RouterBench {

    private static final int THREAD_GROUPS_SHOWN = 8;
    private static final List<String> DISPATCH_TOPICS = BenchKafka.PROVIDERS.stream()
            .map(provider -> Topics.dispatch(provider).name()).toList();

    private RouterBench() {
    }

    public static void main(String[] args) {
        RouterBenchOptions options = RouterBenchOptions.parse(args);
        int status = 0;
        try {
            RouterBenchReport report = run(options, System.out);
            report.print(System.out);
            if (options.report() != null) {
                report.writeJson(options.report());
                System.out.println("  written to " + options.report().toAbsolutePath());
            }
        } catch (RuntimeException | InterruptedException e) {
            e.printStackTrace();
            status = 1;
        }
        // Kafka's and Spring's threads may outlive the closes; the bench is done either way.
        System.exit(status);
    }

    static RouterBenchReport run(RouterBenchOptions options, PrintStream out) throws InterruptedException {
        String runId = "rb" + System.currentTimeMillis();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(InfrastructureSettings.LOOPBACK, 0, null)) {
            String bootstrap = broker.bootstrapServers();
            BenchKafka.createTopics(bootstrap);

            // Part 1: the backlog first, so that the router meets all of it at once.
            double preloadSeconds;
            try (JsonProducer preload = new JsonProducer(bootstrap, 20)) {
                preload.reportProvidersUp();
                out.printf("preloading %d jobs%n", options.jobs());
                long started = System.nanoTime();
                for (int i = 0; i < options.jobs(); i++) {
                    String jobId = runId + "-load-" + i;
                    preload.send(Topics.JOBS.name(), jobId, PacedSender.job(jobId, Instant.now()));
                }
                preload.flush();
                preloadSeconds = (System.nanoTime() - started) / 1e9;
            }

            DispatchCount dispatches = new DispatchCount(options.jobs());
            try (ArrivalReader reader = new ArrivalReader(bootstrap, DISPATCH_TOPICS, true, false, dispatches)) {
                out.println("starting the router");
                Instant routerStarted = Instant.now();
                try (ConfigurableApplicationContext router = RouterApplication.builder().registerShutdownHook(false)
                        .run(routerArguments(bootstrap, options))) {
                    Instant contextUp = Instant.now();
                    // CPU is counted from the first dispatch on, so that it is the backlog's, not the start-up's.
                    if (!dispatches.awaitFirst(options.timeout())) {
                        throw new IllegalStateException("no dispatch within " + options.timeout() + failureOf(reader));
                    }
                    CpuUse cpu = new CpuUse();
                    ThreadCpu threadCpu = new ThreadCpu();
                    if (!dispatches.awaitAll(options.timeout())) {
                        throw new IllegalStateException("not every job was dispatched within " + options.timeout()
                                + ": " + dispatches.figures(routerStarted, contextUp) + failureOf(reader));
                    }
                    CpuUse.Figures throughputCpu = cpu.stop();
                    Map<String, Long> cpuByThreads = readable(threadCpu.top(THREAD_GROUPS_SHOWN));
                    DispatchCount.Figures throughput = dispatches.figures(routerStarted, contextUp);
                    Map<String, Double> counters = routerCounters(router.getBean(MeterRegistry.class));
                    out.printf("throughput run done: %.0f decisions/s%n", throughput.decisionsPerSecond());
                    reader.close(); // before the latency runs: its parsing would compete with theirs

                    // Part 2: the baseline first, while the router idles, then the same load through the router.
                    RouterBenchReport.Latency baseline = latencyRun(out, bootstrap, options, "pass-through topic",
                            BenchKafka.PASS_THROUGH, List.of(BenchKafka.PASS_THROUGH), runId + "-base-",
                            bytes -> sent(JsonSerde.instance().read(bytes, JobRequested.class)));
                    RouterBenchReport.Latency routed = latencyRun(out, bootstrap, options,
                            "genpipe.jobs.v1 → router → dispatch topics", Topics.JOBS.name(), DISPATCH_TOPICS,
                            runId + "-paced-",
                            bytes -> sent(JsonSerde.instance().read(bytes, AttemptDispatched.class).job()));

                    var settings = new RouterBenchReport.Settings(options.jobs(), options.rate(),
                            options.duration().toSeconds(), options.warmup().toSeconds(), BenchKafka.PARTITIONS,
                            options.properties());
                    LatencyRecorder.Percentiles b = baseline.percentiles();
                    LatencyRecorder.Percentiles r = routed.percentiles();
                    return new RouterBenchReport(Instant.now().toString(), Runtime.version().toString(),
                            Runtime.getRuntime().availableProcessors(), settings, preloadSeconds, throughput,
                            throughputCpu, cpuByThreads, counters, baseline, routed, r.p50() - b.p50(),
                            r.p90() - b.p90(), r.p99() - b.p99());
                }
            }
        }
    }

    /**
     * Sends at the options' rate for their duration and reads each job back where it ends up. The reader starts at
     * the topics' ends before the first send, so it sees exactly this run's records.
     */
    private static RouterBenchReport.Latency latencyRun(PrintStream out, String bootstrap, RouterBenchOptions options,
                                                        String path, String sendTo, List<String> readFrom,
                                                        String jobIdPrefix, Function<byte[], LatencyRecorder.Sent> sent)
            throws InterruptedException {
        out.printf("latency run: %s, %.0f jobs/s for %d s%n", path, options.rate(), options.duration().toSeconds());
        var recorder = new LatencyRecorder(jobIdPrefix, Instant.now().plus(options.warmup()), sent);
        try (ArrivalReader reader = new ArrivalReader(bootstrap, readFrom, false, true, recorder);
             JsonProducer producer = new JsonProducer(bootstrap, 0)) {
            CpuUse cpu = new CpuUse();
            ThreadCpu threadCpu = new ThreadCpu();
            PacedSender.Sending sending = PacedSender.send(producer, sendTo, jobIdPrefix, options.rate(),
                    options.duration());
            if (!recorder.awaitJobs(sending.jobs(), options.timeout())) {
                throw new IllegalStateException(path + ": " + recorder.jobsSeen() + " of " + sending.jobs()
                        + " jobs arrived within " + options.timeout() + failureOf(reader));
            }
            return new RouterBenchReport.Latency(path, sending.jobs(), sending.rate(), recorder.percentiles(),
                    cpu.stop(), readable(threadCpu.top(THREAD_GROUPS_SHOWN)));
        }
    }

    private static LatencyRecorder.Sent sent(JobRequested job) {
        return new LatencyRecorder.Sent(job.jobId(), job.occurredAt());
    }

    /**
     * As command-line arguments, the way local-stack's {@code Pipeline} passes them: the builder's
     * {@code properties(...)} are defaults, which {@code router-worker.yml} overrides (its bootstrap servers among them).
     */
    private static String[] routerArguments(String bootstrap, RouterBenchOptions options) {
        Map<String, String> properties = new HashMap<>();
        properties.put("spring.kafka.bootstrap-servers", bootstrap);
        properties.put("server.port", "0");
        properties.put("spring.main.banner-mode", "off");
        properties.put("spring.main.log-startup-info", "false");
        // The sink's JDBC and Flyway jars are on the bench's classpath too; the router owns no database (as in Pipeline).
        properties.put("spring.autoconfigure.exclude", String.join(",",
                "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
                "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration"));
        properties.putAll(options.properties());
        return properties.entrySet().stream().map(entry -> "--" + entry.getKey() + "=" + entry.getValue())
                .toArray(String[]::new);
    }

    /** The router's {@code genpipe.router.*} counters, named by their tags, e.g. {@code decisions[dispatch]}. */
    private static Map<String, Double> routerCounters(MeterRegistry registry) {
        Map<String, Double> counters = new TreeMap<>();
        for (Counter counter : registry.find("genpipe.router.decisions").counters()) {
            counters.put("decisions[" + counter.getId().getTag("decision") + "]", counter.count());
        }
        for (Counter counter : registry.find("genpipe.router.inputs").counters()) {
            counters.put("inputs[" + counter.getId().getTag("input") + "/" + counter.getId().getTag("effect") + "]",
                    counter.count());
        }
        return counters;
    }

    /** Kafka Streams names its threads after a UUID, which ThreadCpu's grouping (digits → N) leaves unreadable. */
    private static Map<String, Long> readable(Map<String, Long> byGroup) {
        Map<String, Long> readable = new LinkedHashMap<>();
        byGroup.forEach((group, millis) -> readable.merge(
                group.replaceAll("\\b[0-9a-fN]+(-[0-9a-fN]+){4}\\b", "<id>"),
                millis, Long::sum));
        return readable;
    }

    private static String failureOf(ArrivalReader reader) {
        return reader.failure() == null ? "" : " (the reader failed: " + reader.failure() + ")";
    }
}
