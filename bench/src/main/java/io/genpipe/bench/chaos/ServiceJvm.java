package io.genpipe.bench.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One genpipe service in a JVM of its own, started as README.md's separate-process run starts it: {@code java -jar
 * <module>/target/<module>-*-exec.jar --spring.config.additional-location=file:<module>.properties}. It can be
 * killed with SIGKILL and started again with the same command; its output goes to one log file across restarts.
 */
final class ServiceJvm implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String module;
    private final List<String> command;
    private final URI health;
    private final Path log;
    private Process process;

    ServiceJvm(String module, Path properties, int port, Path log) {
        this.module = module;
        this.health = URI.create("http://127.0.0.1:" + port + "/actuator/health/liveness");
        this.log = log;
        this.command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+UseG1GC", "-jar", execJar(module).toString(),
                "--spring.config.additional-location=file:" + properties.toAbsolutePath(),
                "--server.port=" + port,
                // Probes on every service, so that "started" means the same for each.
                "--management.endpoint.health.probes.enabled=true"));
    }

    String module() {
        return module;
    }

    /** Starts the JVM and returns once its liveness probe answers 200. */
    void start() {
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + module, e);
        }
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!live()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException(module + " did not start within " + START_TIMEOUT + "; see " + log);
            }
            // Polling a probe: each try is one HTTP request, bounded by the connect timeout.
            pause(Duration.ofMillis(250));
        }
    }

    /** SIGKILL: no drain, no offsets committed, no health tombstones, as a crash. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGTERM, and SIGKILL if it has not stopped within 30 s. */
    @Override
    public void close() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private boolean live() {
        try {
            return HTTP.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException notYet) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The module's executable jar, as {@code mvn package} leaves it under its target directory. */
    private static Path execJar(String module) {
        Path target = Path.of(module, "target");
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(file -> file.getFileName().toString().endsWith("-exec.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no executable jar under " + target.toAbsolutePath()
                            + ": run from the repository's root after mvn package"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + target.toAbsolutePath(), e);
        }
    }
}
