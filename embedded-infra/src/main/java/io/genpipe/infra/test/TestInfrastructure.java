package io.genpipe.infra.test;

import java.time.Duration;
import java.util.Deque;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import io.genpipe.infra.BackgroundStart;
import io.genpipe.infra.EmbeddedPostgresDatabase;
import io.genpipe.infra.InfrastructureSettings;
import io.genpipe.simulator.SimulatorSettings;
import io.genpipe.simulator.VendorSimulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real Kafka, PostgreSQL and vendor simulator for integration tests, started once per JVM and shared by every
 * test in it (starting them per test class would cost seconds each). Tests stay independent by using their own
 * topics, consumer groups and databases: see {@link #uniqueName(String)} and {@link #newDatabase()}.
 *
 * <p>Kafka is the apache/kafka image through Testcontainers when a Docker engine answers, and a broker in this
 * JVM otherwise; {@code -Dgenpipe.test.kafka=embedded|container} (or {@code GENPIPE_TEST_KAFKA}) forces one.
 * Everything stops in a shutdown hook when the JVM exits.
 */
public final class TestInfrastructure {

    private static final Logger log = LoggerFactory.getLogger(TestInfrastructure.class);
    private static final String HOST = InfrastructureSettings.LOOPBACK;

    private static TestInfrastructure shared;

    private final TestKafka kafka;
    private final EmbeddedPostgresDatabase postgres;
    private final VendorSimulator simulator;
    private final AtomicLong names = new AtomicLong();
    private final Deque<AutoCloseable> users = new ConcurrentLinkedDeque<>();
    // Names also differ between JVMs (a Docker Kafka outlives none, but a reused test database might).
    private final String runId = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);

    private TestInfrastructure(TestKafka kafka, EmbeddedPostgresDatabase postgres, VendorSimulator simulator) {
        this.kafka = kafka;
        this.postgres = postgres;
        this.simulator = simulator;
    }

    /** The JVM's one instance, started on first use; later calls, from any thread, return the same one. */
    public static synchronized TestInfrastructure shared() {
        if (shared == null) {
            shared = startAll();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::stop, "genpipe-test-infrastructure-stop"));
        }
        return shared;
    }

    /**
     * Closes {@code user} (services started on this infrastructure) when the JVM exits, before the broker and the
     * database stop: closed after them, its consumers would wait out their timeouts against a broker that is gone.
     * The last registered is closed first.
     */
    public void closeBeforeStopping(AutoCloseable user) {
        users.push(user);
    }

    /** The value for {@code bootstrap.servers} / {@code spring.kafka.bootstrap-servers}. */
    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** A new, empty database on the shared server, for one test class or test. */
    public TestDatabase newDatabase() {
        String name = uniqueName("test").replace('-', '_');
        postgres.createDatabase(name);
        return new TestDatabase(name, postgres.jdbcUrl(name), postgres.username(), postgres.password());
    }

    /** The shared PostgreSQL server itself, for tests that need more than a fresh database. */
    public EmbeddedPostgresDatabase postgres() {
        return postgres;
    }

    /**
     * The shared simulator. Its vendor profiles are shared too: a test that switches a vendor to an outage
     * must switch it back (or run in a JVM of its own).
     */
    public VendorSimulator simulator() {
        return simulator;
    }

    /**
     * A name no other caller in this JVM gets, for topics, consumer groups and the like:
     * {@code prefix-<run>-<n>}, lower case, made of characters Kafka and PostgreSQL both accept after
     * replacing '-' by '_'.
     */
    public String uniqueName(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        return prefix + "-" + runId + "-" + names.incrementAndGet();
    }

    private static TestInfrastructure startAll() {
        long startedAt = System.nanoTime();
        CompletableFuture<EmbeddedPostgresDatabase> postgresStart = BackgroundStart.run("genpipe-test-postgres-start",
                () -> EmbeddedPostgresDatabase.startStoppedByOwner(HOST, 0, null));
        TestKafka kafka;
        try {
            kafka = startKafka();
        } catch (RuntimeException | Error e) {
            BackgroundStart.closeWhenStarted(postgresStart);
            throw e;
        }
        EmbeddedPostgresDatabase postgres;
        VendorSimulator simulator;
        try {
            postgres = BackgroundStart.await(postgresStart);
        } catch (RuntimeException | Error e) {
            kafka.close();
            throw e;
        }
        try {
            simulator = VendorSimulator.start(SimulatorSettings.defaults());
        } catch (RuntimeException | Error e) {
            kafka.close();
            postgres.close();
            throw e;
        }
        log.info("Test infrastructure up in {} ms: Kafka {} ({}), PostgreSQL {}:{}, vendor simulator {}",
                Duration.ofNanos(System.nanoTime() - startedAt).toMillis(), kafka.bootstrapServers(), kafka.description(),
                postgres.host(), postgres.port(), simulator.baseUrls());
        return new TestInfrastructure(kafka, postgres, simulator);
    }

    private static TestKafka startKafka() {
        DockerProbe docker = DockerProbe.ofThisMachine();
        return switch (docker.kafkaMode(System.getProperty(DockerProbe.MODE_PROPERTY))) {
            case EMBEDDED -> InJvmTestKafka.start(HOST);
            case CONTAINER -> {
                if (!DockerProbe.testcontainersPresent()) {
                    throw new IllegalStateException(DockerProbe.MODE_PROPERTY + "=container needs "
                            + "org.testcontainers:testcontainers-kafka on the test classpath");
                }
                yield ContainerTestKafka.start();
            }
            case AUTO -> docker.dockerAvailable() ? ContainerTestKafka.start() : InJvmTestKafka.start(HOST);
        };
    }

    private void stop() {
        for (AutoCloseable user = users.poll(); user != null; user = users.poll()) {
            close(user);
        }
        for (AutoCloseable part : new AutoCloseable[] {simulator, kafka, postgres}) {
            close(part);
        }
    }

    private static void close(AutoCloseable part) {
        try {
            part.close();
        } catch (Exception e) {
            // The JVM is exiting; one part failing to stop must not keep the others running.
            log.warn("Could not stop {} cleanly", part, e);
        }
    }
}
