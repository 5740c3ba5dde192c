package io.genpipe.bench.proof;

import io.genpipe.access.keys.ApiKeyHash;
import io.genpipe.bench.JobRecord;
import io.genpipe.bench.PipelineClient;
import io.genpipe.localstack.PipelineHttp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Issue 10's cold start: a new JVM runs the local run's main class ({@code io.genpipe.localstack.LocalStack}, what
 * README.md's {@code mvn -pl local-stack spring-boot:run} starts, minus Maven) on an empty data directory, and the
 * clock runs from launching that process to the sink reporting the first job succeeded. The job is one prompt
 * submitted as soon as the ingress accepts it, so the time includes the broker's, PostgreSQL's (initdb, Flyway)
 * and the four services' start, and the local run's own fal latency (2.5 s p50: the simulator profile LocalStack
 * sets), which is reported beside it. {@code --no-demo} leaves out the 23-portrait batch, which would compete with
 * the job. The class path is this JVM's: bench.jar's manifest names local-stack's jar and every dependency.
 */
final class ColdStart {

    /** The local run's fixed ports (ingress, router, workers, sink; PostgreSQL): they must be free. */
    private static final List<Integer> LOCAL_PORTS = List.of(8080, 8081, 8082, 8083, 15432);
    private static final URI INGRESS = URI.create("http://127.0.0.1:8080");
    private static final URI SINK = URI.create("http://127.0.0.1:8083");
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    /**
     * @param toAcceptedSeconds  launch → the ingress's 202 for the job (the first that it accepted)
     * @param toSucceededSeconds launch → {@code GET /v1/jobs/{id}} says SUCCEEDED: the figure with the goal
     * @param jobVendorMs        of the latter, the job's vendor call as the worker timed it
     */
    record Figures(double toAcceptedSeconds, double toSucceededSeconds, long jobVendorMs) {
    }

    private ColdStart() {
    }

    static Figures measure(Path log) {
        LOCAL_PORTS.forEach(ColdStart::requireFree);
        Path data = temporaryDirectory();
        String tenantKey = ApiKeyHash.generate();
        String adminKey = ApiKeyHash.generate();
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.genpipe.localstack.LocalStack", "--no-demo",
                "--data-dir=" + data, "--kafka-port=" + freePort())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("GENPIPE_LOCAL_TENANT_KEY", tenantKey);
        builder.environment().put("GENPIPE_LOCAL_ADMIN_KEY", adminKey);
        PipelineClient client = new PipelineClient(INGRESS, SINK, new PipelineHttp(tenantKey));
        String batchId = "cold-" + System.currentTimeMillis();
        ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor();
        Process process = null;
        try {
            long launched = System.nanoTime();
            process = builder.start();
            Process running = process;
            await(poller, running, "the ingress to accept a job", () -> accepted(client, batchId));
            long accepted = System.nanoTime();
            JobRecord job = await(poller, running, "the job to succeed",
                    () -> client.job(batchId + "-1").map(JobRecord::from).filter(ColdStart::ended).orElse(null));
            long succeeded = System.nanoTime();
            if (!job.succeeded()) {
                throw new IllegalStateException("the cold start's job ended " + job.status() + "; see " + log);
            }
            return new Figures((accepted - launched) / 1e9, (succeeded - launched) / 1e9, job.vendorMs());
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the local run", e);
        } finally {
            poller.shutdownNow();
            stop(process);
            deleteRecursively(data);
        }
    }

    /** True once the ingress has taken the one-prompt batch; false while it refuses connections (not up yet). */
    private static Boolean accepted(PipelineClient client, String batchId) {
        try {
            client.submitBatch(batchId, "local-demo", List.of("a lighthouse at dawn, cold start"));
            return true;
        } catch (UncheckedIOException notListeningYet) {
            return null;
        }
    }

    private static boolean ended(JobRecord job) {
        return job.completedAt() != null;
    }

    /**
     * Polls {@code condition} every {@link #POLL} on a scheduler until it gives a value, the process dies or
     * {@link #TIMEOUT} passes. A connection refused or a 404 is "not yet"; any other failure ends the wait.
     */
    private static <T> T await(ScheduledExecutorService poller, Process process, String what, Supplier<T> condition) {
        CompletableFuture<T> result = new CompletableFuture<>();
        var polling = poller.scheduleWithFixedDelay(() -> {
            try {
                if (!process.isAlive()) {
                    result.completeExceptionally(new IllegalStateException("the local run exited with "
                            + process.exitValue() + " while waiting for " + what));
                    return;
                }
                Optional.ofNullable(condition.get()).ifPresent(result::complete);
            } catch (UncheckedIOException notYet) {
                // the sink not listening yet
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        }, 0, POLL.toMillis(), TimeUnit.MILLISECONDS);
        try {
            return result.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("no " + what + " within " + TIMEOUT, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("waiting for " + what, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for " + what, e);
        } finally {
            polling.cancel(false);
        }
    }

    /** SIGTERM, so that its shutdown hook stops the services, the broker and PostgreSQL (a separate process). */
    private static void stop(Process process) {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static void requireFree(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            throw new IllegalStateException("port " + port + " is taken (a local run already going?): the cold"
                    + " start needs the local run's fixed ports 8080-8083 and 15432");
        } catch (IOException free) {
            // nothing listens: good
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("genpipe-cold-start");
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
