package io.genpipe.bench.worker;

import io.genpipe.bench.CpuUse;
import io.genpipe.bench.router.ArrivalReader;
import io.genpipe.bench.router.BenchKafka;
import io.genpipe.bench.router.JsonProducer;
import io.genpipe.contracts.topic.Topics;
import io.genpipe.infra.EmbeddedKafkaBroker;
import io.genpipe.infra.InfrastructureSettings;
import io.genpipe.simulator.LatencyProfile;
import io.genpipe.simulator.SimulatorSettings;
import io.genpipe.simulator.Vendor;
import io.genpipe.simulator.VendorProfile;
import io.genpipe.simulator.VendorSimulator;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One provider-workers JVM against the vendor simulator (see bench/README.md, "Worker alone"). This JVM runs the
 * simulator (fixed latency, no refusals) for the whole session and, per run, a fresh embedded KRaft broker, so that
 * no run inherits another's journal, offsets or group. Each run starts one worker JVM serving one provider, warms it
 * up, then writes the dispatches straight onto its dispatch topic and reads {@code genpipe.attempts.v1} until every
 * job has a result. The variants differ only in {@code max-in-flight} or in the worker jar (two builds compared
 * in one session) and run alternately, A B A B ...
 */
public final class WorkerBench {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private WorkerBench() {
    }

    public static void main(String[] args) {
        if (System.getProperty("java.util.concurrent.ForkJoinPool.common.parallelism") == null) {
            System.setProperty("java.util.concurrent.ForkJoinPool.common.parallelism", "2");
        }
        WorkerBenchOptions options = WorkerBenchOptions.parse(args);
        int status = 0;
        try {
            List<RunFigures> runs = run(options, System.out);
            WorkerBenchReport.summary(options, runs, System.out);
            if (runs.stream().anyMatch(figures -> !figures.allSucceeded())) {
                System.out.println("NOT every attempt succeeded: see the outcomes above");
                status = 2;
            }
        } catch (RuntimeException | InterruptedException e) {
            e.printStackTrace();
            status = 1;
        }
        System.exit(status); // Kafka's threads may outlive the closes
    }

    static List<RunFigures> run(WorkerBenchOptions options, PrintStream out) throws InterruptedException {
        requireJars(options);
        Vendor vendor = Vendor.byId(options.provider()).orElseThrow();
        Path session = tempDirectory("worker-bench-");
        out.printf("worker logs in %s%n", session);
        List<RunFigures> runs = new ArrayList<>();
        try (VendorSimulator simulator = startSimulator(options)) {
            for (int run = 1; run <= options.runs(); run++) {
                for (WorkerBenchOptions.Variant variant : options.variants()) {
                    runs.add(measured(options, variant, run, simulator, vendor, session, out));
                }
            }
        }
        return runs;
    }

    /**
     * One measured run of this bench's defaults (OpenAI at 2 s, {@code -Xmx256m -XX:+UseG1GC}, all at once) for one
     * {@code max-in-flight}, with a simulator started for it and closed before this returns: what
     * {@code ProofBench} reports as issue 10's item 4. {@code jobs} and {@code warmupJobs} other than the defaults
     * (10,000 after 3,000) are for trying a command quickly.
     *
     * @param properties added to the worker's Spring properties
     * @param run        numbers the run's worker instance and dispatch ids
     */
    public static RunFigures measureOne(Path workerJar, int maxInFlight, int jobs, int warmupJobs,
                                        Map<String, String> properties, int run, PrintStream out) {
        WorkerBenchOptions options = WorkerBenchOptions.oneVariant(workerJar, maxInFlight, jobs, warmupJobs,
                properties);
        requireJars(options);
        Path session = tempDirectory("worker-bench-");
        out.printf("worker logs in %s%n", session);
        try (VendorSimulator simulator = startSimulator(options)) {
            return measured(options, options.variants().get(0), run, simulator,
                    Vendor.byId(options.provider()).orElseThrow(), session, out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while measuring the worker", e);
        }
    }

    private static void requireJars(WorkerBenchOptions options) {
        for (Path jar : options.workerJars()) {
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException("no worker jar at " + jar.toAbsolutePath()
                        + ": build it with mvn -B -q -o install -DskipTests, or pass --worker-jar=");
            }
        }
    }

    /** The session's simulator: both vendors at the fixed latency, no refusals. */
    private static VendorSimulator startSimulator(WorkerBenchOptions options) {
        VendorProfile fixed = VendorProfile.healthy().withLatency(LatencyProfile.fixed(options.latency()));
        return VendorSimulator.start(SimulatorSettings.defaults()
                .withProfile(Vendor.FAL, fixed).withProfile(Vendor.OPENAI, fixed));
    }

    private static RunFigures measured(WorkerBenchOptions options, WorkerBenchOptions.Variant variant, int run,
                                       VendorSimulator simulator, Vendor vendor, Path session, PrintStream out)
            throws InterruptedException {
        out.printf("%nrun %d, %s (load average %s)%n", run, variant.name(), loadAverage());
        RunFigures figures = oneRun(options, variant, run, simulator, vendor, session, out);
        WorkerBenchReport.print(figures, out);
        return figures;
    }

    private static RunFigures oneRun(WorkerBenchOptions options, WorkerBenchOptions.Variant variant, int run,
                                     VendorSimulator simulator, Vendor vendor, Path session, PrintStream out)
            throws InterruptedException {
        int maxInFlight = variant.maxInFlight();
        String tag = variant.name().charAt(0) + "" + run;
        String instance = "worker-bench-" + tag;
        String prefix = "wb" + System.currentTimeMillis() + "-" + tag + "-";
        Path images = tempDirectory("worker-bench-images-");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(InfrastructureSettings.LOOPBACK, 0, null)) {
            String bootstrap = broker.bootstrapServers();
            BenchKafka.createTopics(bootstrap);
            HealthWatch health = new HealthWatch(instance);
            try (JsonProducer producer = new JsonProducer(bootstrap, 5);
                 ArrivalReader healthReader = new ArrivalReader(bootstrap, List.of(Topics.PROVIDER_HEALTH.name()),
                         true, false, health);
                 WorkerProcess worker = WorkerProcess.start(variant.workerJar(), options.jvmOptions(),
                         workerSettings(options, bootstrap, instance, maxInFlight, simulator, vendor, images),
                         session.resolve(instance + ".log"));
                 WorkerSampler sampler = new WorkerSampler(worker, options.provider())) {
                if (run == 1) {
                    out.println("  worker: " + worker.commandLine());
                }
                if (!health.awaitUp(START_TIMEOUT, worker)) {
                    throw new IllegalStateException("the worker did not report UP (alive: " + worker.alive()
                            + "); see " + worker.log());
                }
                DispatchSender sender = new DispatchSender(producer, options.provider());
                if (options.warmupJobs() > 0) {
                    batch(sender, bootstrap, prefix + "warm-", options.warmupJobs(), 0, options.timeout(), worker);
                }
                out.printf("  warmed up with %d jobs; measuring %d%n", options.warmupJobs(), options.jobs());

                health.reset();
                long requestsBefore = simulator.requestCount(vendor);
                sampler.startWindow();
                CpuUse cpu = new CpuUse();
                Batch batch = batch(sender, bootstrap, prefix + "m-", options.jobs(), options.rate(),
                        options.timeout(), worker);
                CpuUse.Figures benchCpu = cpu.stop();
                WorkerSampler.Figures sampled = sampler.stopWindow();
                AttemptTally tally = batch.tally();
                Instant firstSent = sender.sentAt(prefix + "m-0");
                double seconds = Duration.between(firstSent, tally.lastOccurredAt()).toNanos() / 1e9;
                return new RunFigures(variant.name(), run, options.jobs(), options.jobs() / seconds,
                        batch.sendTook().toNanos() / 1e9, tally.percentiles(), tally.meanVendorLatencyMs(),
                        health.peakInFlight(), sampled, benchCpu, tally.outcomes(), tally.duplicates(),
                        simulator.requestCount(vendor) - requestsBefore, tally.perSecond());
            }
        } finally {
            delete(images);
        }
    }

    private record Batch(AttemptTally tally, Duration sendTook) {
    }

    /** Sends one batch of dispatches and waits until each has a result on the attempts topic. */
    private static Batch batch(DispatchSender sender, String bootstrap, String prefix, int jobs, double rate,
                               Duration timeout, WorkerProcess worker) throws InterruptedException {
        AttemptTally tally = new AttemptTally(prefix, sender, Instant.now());
        try (ArrivalReader reader = new ArrivalReader(bootstrap, List.of(Topics.ATTEMPTS.name()), false, false,
                tally)) {
            Duration took = sender.send(prefix, jobs, rate);
            if (!tally.awaitJobs(jobs, timeout)) {
                throw new IllegalStateException(tally.jobsSeen() + " of " + jobs + " attempts ended within " + timeout
                        + " (worker alive: " + worker.alive() + ", log " + worker.log() + ")"
                        + (reader.failure() == null ? "" : "; the reader failed: " + reader.failure()));
            }
            return new Batch(tally, took);
        }
    }

    private static Map<String, String> workerSettings(WorkerBenchOptions options, String bootstrap, String instance,
                                                      int maxInFlight, VendorSimulator simulator, Vendor vendor,
                                                      Path images) {
        String provider = options.provider();
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("spring.kafka.bootstrap-servers", bootstrap);
        settings.put("spring.main.banner-mode", "off");
        settings.put("genpipe.workers.instance", instance);
        settings.put("genpipe.workers.serve", provider);
        settings.put("genpipe.workers.max-in-flight", Integer.toString(maxInFlight));
        // One report a second (default 5 s), so that the reports' inFlight can be compared with the sampled gauge.
        settings.put("genpipe.workers.health.heartbeat", "1s");
        settings.put("genpipe.workers.images.dir", images.toString());
        settings.put("genpipe.catalog.providers." + provider + ".base-url", simulator.baseUrl(vendor).toString());
        // The simulator takes any key of the right scheme; the variable the default catalog names is given as a
        // property, which the worker reads through its Environment as it would the environment variable.
        settings.put(provider.equals("openai") ? "OPENAI_API_KEY" : "FAL_KEY", "bench-key");
        settings.putAll(options.properties());
        return settings;
    }

    /** The machine's 1-minute load average, as {@code /proc/loadavg} says: other sessions share these cores. */
    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    private static Path tempDirectory(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + directory + ": " + e);
        }
    }
}
