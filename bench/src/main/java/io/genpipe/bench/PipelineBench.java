package io.genpipe.bench;

import io.genpipe.catalog.CatalogFiles;
import io.genpipe.infra.InfrastructureSettings;
import io.genpipe.infra.LocalInfrastructure;
import io.genpipe.localstack.LocalKeys;
import io.genpipe.localstack.Pipeline;
import io.genpipe.localstack.PipelineSettings;
import io.genpipe.localstack.SimulatedProviders;
import io.genpipe.simulator.LatencyProfile;
import io.genpipe.simulator.Vendor;
import io.genpipe.simulator.VendorProfile;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * End-to-end throughput and latency of the whole pipeline on this machine: a real KRaft broker, PostgreSQL and the
 * vendor simulator on free ports with temporary data, the four services in this JVM (as local-stack runs them),
 * and jobs submitted as batches through the ingress HTTP API. Both simulated vendors answer after a fixed latency,
 * so what is measured is the pipeline, not the vendors' variance. See bench/README.md for the figures.
 */
public final class PipelineBench {

    private static final String DATABASE = "genpipe";
    private static final String DEFAULT_PARTITIONS = "6";
    private static final int THREAD_GROUPS_SHOWN = 12;

    private PipelineBench() {
    }

    public static void main(String[] args) {
        // As local-stack does: on 2 cores the common pool would start a thread per HTTP answer of the vendor clients.
        if (System.getProperty("java.util.concurrent.ForkJoinPool.common.parallelism") == null) {
            System.setProperty("java.util.concurrent.ForkJoinPool.common.parallelism", "2");
        }
        BenchOptions options = BenchOptions.parse(args);
        int status = 0;
        try {
            run(options, System.out);
        } catch (RuntimeException e) {
            e.printStackTrace();
            status = 1;
        }
        // Library threads (Kafka, HTTP clients) may outlive the close; the bench is done either way.
        System.exit(status);
    }

    static void run(BenchOptions options, PrintStream out) {
        Path images = temporaryDirectory();
        VendorProfile fixedLatency = VendorProfile.healthy().withLatency(LatencyProfile.fixed(options.latency()));
        try (LocalInfrastructure infrastructure = LocalInfrastructure.start(InfrastructureSettings.forTests())) {
            infrastructure.simulator().profile(Vendor.FAL, fixedLatency);
            infrastructure.simulator().profile(Vendor.OPENAI, fixedLatency);
            infrastructure.postgres().createDatabase(DATABASE);
            Map<String, String> properties = new HashMap<>();
            properties.put("spring.main.banner-mode", "off");
            properties.put("spring.main.log-startup-info", "false");
            properties.putAll(options.properties());
            try (Pipeline pipeline = Pipeline.start(new PipelineSettings(infrastructure.kafkaBootstrapServers(),
                    infrastructure.postgres().jdbcUrl(DATABASE), infrastructure.postgres().username(),
                    infrastructure.postgres().password(),
                    SimulatedProviders.baseUrls(CatalogFiles.defaults(), infrastructure.simulator()), images,
                    0, 0, 0, 0, properties, LocalKeys.generated()))) {
                PipelineClient client = new PipelineClient(pipeline.ingressUrl(), pipeline.sinkUrl(),
                        pipeline.adminHttp());
                LoadGenerator load = new LoadGenerator(client);
                BatchWatcher watcher = new BatchWatcher(client, out);
                String runId = "bench-" + System.currentTimeMillis();

                if (options.warmupJobs() > 0) {
                    out.printf("%nwarm-up: %d jobs (not measured)%n", options.warmupJobs());
                    watcher.awaitComplete(load.submit(runId + "-warmup", options.warmupJobs(), options.batchSize(), 0),
                            options.timeout());
                }
                if (options.falOutage()) {
                    infrastructure.simulator().profile(Vendor.FAL, fixedLatency.withOutage(true));
                }
                JvmFigures.resetPeaks();
                CpuUse cpu = new CpuUse();
                ThreadCpu threadCpu = new ThreadCpu();
                out.printf("%nmeasured run: %d jobs%n", options.jobs());
                LoadGenerator.Submission submission = load.submit(runId + "-run", options.jobs(), options.batchSize(),
                        options.rate());
                out.printf("  submitted in %.2f s%n", RunFigures.seconds(submission.took()));
                long sawComplete = watcher.awaitComplete(submission, options.timeout());
                CpuUse.Figures cpuUse = cpu.stop();
                Map<String, Long> cpuByThreads = threadCpu.top(THREAD_GROUPS_SHOWN);
                out.printf("  complete; reading %d job records from the sink%n", submission.jobs());
                List<JobRecord> records = new ArrayList<>(submission.jobs());
                for (String jobId : submission.jobIds()) {
                    records.add(JobRecord.from(client.job(jobId).orElseThrow(
                            () -> new IllegalStateException("the sink does not know job " + jobId))));
                }
                RunFigures figures = RunFigures.of(submission, sawComplete, records);
                PhaseTimes phases = phaseTimes(infrastructure, runId + "-run-");
                JvmFigures jvm = JvmFigures.measure();
                new BenchReport(out).print(options,
                        Integer.parseInt(properties.getOrDefault("genpipe.kafka.partitions", DEFAULT_PARTITIONS)),
                        figures, phases, jvm, cpuUse, cpuByThreads, infrastructure.simulator().requestCount(Vendor.FAL),
                        infrastructure.simulator().requestCount(Vendor.OPENAI));
            }
        } finally {
            deleteRecursively(images);
        }
    }

    private static PhaseTimes phaseTimes(LocalInfrastructure infrastructure, String batchPrefix) {
        try (Connection database = infrastructure.postgres().connect(DATABASE)) {
            return PhaseTimes.of(database, batchPrefix);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the phases from the sink's tables", e);
        }
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("genpipe-bench-images");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + directory + ": " + e.getMessage());
        }
    }
}
