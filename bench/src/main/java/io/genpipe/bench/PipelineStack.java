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
import io.genpipe.simulator.VendorSimulator;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The whole pipeline on this machine, as {@link PipelineBench} measures it: a real KRaft broker, PostgreSQL and the
 * vendor simulator on free ports with temporary data, the four services in this JVM through local-stack's
 * {@link Pipeline}, and a client that submits batches and reads the sink's job records. Started once and kept, so
 * that several measurements (a warm-up, a burst, a paced run, or a raw Kafka run on its broker) share the same
 * broker and the same warm services.
 */
public final class PipelineStack implements AutoCloseable {

    private static final String DATABASE = "genpipe";
    private static final String DEFAULT_PARTITIONS = "6";

    private final Path images;
    private final LocalInfrastructure infrastructure;
    private final Pipeline pipeline;
    private final PipelineClient client;
    private final LoadGenerator load;
    private final BatchWatcher watcher;
    private final int partitions;

    private PipelineStack(Path images, LocalInfrastructure infrastructure, Pipeline pipeline, int partitions,
                          PrintStream out) {
        this.images = images;
        this.infrastructure = infrastructure;
        this.pipeline = pipeline;
        this.partitions = partitions;
        this.client = new PipelineClient(pipeline.ingressUrl(), pipeline.sinkUrl(), pipeline.adminHttp());
        this.load = new LoadGenerator(client);
        this.watcher = new BatchWatcher(client, out);
    }

    /**
     * Call first thing in a bench's {@code main}, before anything uses the common pool: as local-stack does, so that
     * on 2 cores the common pool does not start a thread per HTTP answer of the vendor clients.
     */
    public static void prepareJvm() {
        if (System.getProperty("java.util.concurrent.ForkJoinPool.common.parallelism") == null) {
            System.setProperty("java.util.concurrent.ForkJoinPool.common.parallelism", "2");
        }
    }

    /**
     * @param serviceProperties added to every service's configuration ({@code --property=key=value})
     * @param out               where the batch watcher reports progress
     */
    public static PipelineStack start(Map<String, String> serviceProperties, PrintStream out) {
        Path images = temporaryDirectory();
        LocalInfrastructure infrastructure = null;
        try {
            infrastructure = LocalInfrastructure.start(InfrastructureSettings.forTests());
            infrastructure.postgres().createDatabase(DATABASE);
            Map<String, String> properties = new HashMap<>();
            properties.put("spring.main.banner-mode", "off");
            properties.put("spring.main.log-startup-info", "false");
            properties.putAll(serviceProperties);
            Pipeline pipeline = Pipeline.start(new PipelineSettings(infrastructure.kafkaBootstrapServers(),
                    infrastructure.postgres().jdbcUrl(DATABASE), infrastructure.postgres().username(),
                    infrastructure.postgres().password(),
                    SimulatedProviders.baseUrls(CatalogFiles.defaults(), infrastructure.simulator()), images,
                    0, 0, 0, 0, properties, LocalKeys.generated()));
            int partitions = Integer.parseInt(properties.getOrDefault("genpipe.kafka.partitions", DEFAULT_PARTITIONS));
            return new PipelineStack(images, infrastructure, pipeline, partitions, out);
        } catch (RuntimeException | Error e) {
            if (infrastructure != null) {
                infrastructure.close();
            }
            deleteRecursively(images);
            throw e;
        }
    }

    /** Both simulated vendors answer after exactly this long: the run measures the pipeline, not a spread. */
    public static VendorProfile fixedLatency(Duration latency) {
        return VendorProfile.healthy().withLatency(LatencyProfile.fixed(latency));
    }

    /** Sets both vendors to {@link #fixedLatency}; takes effect for the calls that start after it. */
    public void vendorLatency(Duration latency) {
        infrastructure.simulator().profile(Vendor.FAL, fixedLatency(latency));
        infrastructure.simulator().profile(Vendor.OPENAI, fixedLatency(latency));
    }

    /** The pipeline's HTTP API, with the local run's admin key (it may submit for any tenant). */
    public PipelineClient client() {
        return client;
    }

    public VendorSimulator simulator() {
        return infrastructure.simulator();
    }

    /** The broker the services use, for a measurement beside them on the very same broker. */
    public String kafkaBootstrapServers() {
        return infrastructure.kafkaBootstrapServers();
    }

    /** Partitions of the pipeline's topics. */
    public int partitions() {
        return partitions;
    }

    /**
     * Submits {@code jobs} jobs, waits until the sink has every outcome, reads every job record and returns the
     * run's figures.
     *
     * @param runId         the batch ids start with it: unique per run within this stack's database
     * @param jobsPerSecond pace of submission, one batch every batchSize/jobsPerSecond s; 0 submits all at once
     */
    public RunFigures runJobs(String runId, int jobs, int batchSize, double jobsPerSecond, Duration timeout) {
        LoadGenerator.Submission submission = submit(runId, jobs, batchSize, jobsPerSecond);
        long sawComplete = awaitComplete(submission, timeout);
        return RunFigures.of(submission, sawComplete, records(submission));
    }

    LoadGenerator.Submission submit(String runId, int jobs, int batchSize, double jobsPerSecond) {
        return load.submit(runId, jobs, batchSize, jobsPerSecond);
    }

    /** @return {@link System#nanoTime()} when the sink was first seen to have every job finished */
    long awaitComplete(LoadGenerator.Submission submission, Duration timeout) {
        return watcher.awaitComplete(submission, timeout);
    }

    /** Every job of the submission as the sink reports it, one {@code GET /v1/jobs/{id}} each. */
    List<JobRecord> records(LoadGenerator.Submission submission) {
        List<JobRecord> records = new ArrayList<>(submission.jobs());
        for (String jobId : submission.jobIds()) {
            records.add(JobRecord.from(client.job(jobId).orElseThrow(
                    () -> new IllegalStateException("the sink does not know job " + jobId))));
        }
        return records;
    }

    /** @param batchPrefix the run's batch ids start with this */
    PhaseTimes phaseTimes(String batchPrefix) {
        try (Connection database = infrastructure.postgres().connect(DATABASE)) {
            return PhaseTimes.of(database, batchPrefix);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the phases from the sink's tables", e);
        }
    }

    /** The services first, then the infrastructure they depend on, then the images they wrote. */
    @Override
    public void close() {
        try {
            try {
                pipeline.close();
            } finally {
                infrastructure.close();
            }
        } finally {
            deleteRecursively(images);
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
