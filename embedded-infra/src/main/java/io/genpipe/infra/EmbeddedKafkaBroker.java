package io.genpipe.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (KRaft, combined broker and controller) running inside this JVM, bound to
 * one address only. Kafka's own server class runs it; nothing is mocked.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    /** The port of the local run, so that a developer's tools find the broker where they expect it. */
    public static final int LOCAL_PORT = 9092;

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final KafkaRaftServer server;
    private final String host;
    private final int port;
    private final Path logDir;
    private final Optional<Path> temporaryLogDir;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedKafkaBroker(KafkaRaftServer server, String host, int port, Path logDir, boolean temporary) {
        this.server = server;
        this.host = host;
        this.port = port;
        this.logDir = logDir;
        this.temporaryLogDir = temporary ? Optional.of(logDir) : Optional.empty();
    }

    /**
     * Starts a broker and returns once it answers clients.
     *
     * @param host    the only address the broker and its controller listen on, normally 127.0.0.1
     * @param port    the client port; 0 picks a free one
     * @param logDir  where topics live; formatted on first use and reused afterwards. {@code null} means a
     *                temporary directory that is deleted on {@link #close()}
     */
    public static EmbeddedKafkaBroker start(String host, int port, Path logDir) {
        KafkaLogging.quietUnlessConfigured();
        long startedAt = System.nanoTime();
        boolean temporary = logDir == null;
        Path dir = temporary ? TemporaryDirectories.create("genpipe-kafka-") : logDir.toAbsolutePath();
        createDirectories(dir);
        int brokerPort = FreePorts.resolve(host, port);
        int controllerPort = FreePorts.resolve(host, 0);
        boolean formatted = KafkaStorage.formatIfNeeded(
                dir, KafkaBrokerProperties.NODE_ID, KafkaBrokerProperties.CONTROLLER_LISTENER);

        KafkaRaftServer server;
        try {
            KafkaConfig config = new KafkaConfig(KafkaBrokerProperties.singleNode(host, brokerPort, controllerPort, dir));
            server = new KafkaRaftServer(config, Time.SYSTEM);
        } catch (RuntimeException | Error e) {
            if (temporary) {
                TemporaryDirectories.deleteQuietly(dir);
            }
            throw e;
        }
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(server, host, brokerPort, dir, temporary);
        try {
            server.startup();
            broker.awaitReady();
        } catch (RuntimeException e) {
            IllegalStateException failure = new IllegalStateException(
                    "Kafka broker on " + broker.bootstrapServers() + " (log dir " + dir + ") failed to start", e);
            broker.closeAfterFailedStart(failure);
            throw failure;
        } catch (Error e) {
            broker.closeAfterFailedStart(e);
            throw e;
        }
        log.info("Kafka broker ready on {} in {} ms (log dir {}, {})", broker.bootstrapServers(),
                Duration.ofNanos(System.nanoTime() - startedAt).toMillis(), dir,
                formatted ? "newly formatted" : "reused");
        return broker;
    }

    /** The value for {@code bootstrap.servers}: {@code host:port}. */
    public String bootstrapServers() {
        return host + ":" + port;
    }

    public int port() {
        return port;
    }

    public Path logDir() {
        return logDir;
    }

    /** Stops the broker and waits for it; a temporary log directory is deleted. Safe to call twice. */
    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        try {
            server.shutdown();
            server.awaitShutdown();
        } finally {
            temporaryLogDir.ifPresent(TemporaryDirectories::deleteQuietly);
        }
    }

    private void closeAfterFailedStart(Throwable failure) {
        try {
            close();
        } catch (RuntimeException | Error e) {
            failure.addSuppressed(e);
        }
    }

    /**
     * The broker counts as ready when a client sees it in the cluster metadata. The admin call itself waits
     * (bounded by its API timeout) while the broker registers with its controller, so no polling is needed.
     */
    private void awaitReady() {
        Map<String, Object> adminConfig = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) READY_TIMEOUT.toMillis(),
                AdminClientConfig.CLIENT_ID_CONFIG, "genpipe-embedded-kafka-readiness");
        try (Admin admin = Admin.create(adminConfig)) {
            var nodes = admin.describeCluster().nodes().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (nodes.stream().map(Node::id).noneMatch(id -> id == KafkaBrokerProperties.NODE_ID)) {
                throw new IllegalStateException("Kafka broker at " + bootstrapServers() + " is not in its own cluster: " + nodes);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka broker at " + bootstrapServers() + " did not become ready", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Kafka broker", e);
        }
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the Kafka log directory " + dir, e);
        }
    }
}
