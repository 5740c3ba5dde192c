package io.genpipe.infra;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import io.genpipe.simulator.VendorSimulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka, PostgreSQL and the vendor simulator, started together for the one-command local run: everything a
 * genpipe service needs from outside itself, for real, in this JVM (PostgreSQL as a child process).
 */
public final class LocalInfrastructure implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalInfrastructure.class);

    private final EmbeddedKafkaBroker kafka;
    private final EmbeddedPostgresDatabase postgres;
    private final VendorSimulator simulator;

    private LocalInfrastructure(EmbeddedKafkaBroker kafka, EmbeddedPostgresDatabase postgres, VendorSimulator simulator) {
        this.kafka = kafka;
        this.postgres = postgres;
        this.simulator = simulator;
    }

    /** Starts all three and returns once each answers; if one fails, those already up are stopped again. */
    public static LocalInfrastructure start(InfrastructureSettings settings) {
        long startedAt = System.nanoTime();
        // PostgreSQL is a separate process, so it boots while this JVM starts Kafka.
        CompletableFuture<EmbeddedPostgresDatabase> postgresStart = BackgroundStart.run("genpipe-postgres-start",
                () -> EmbeddedPostgresDatabase.startStoppedByOwner(settings.host(), settings.postgresPort(),
                        settings.postgresDir()));
        EmbeddedKafkaBroker kafka;
        try {
            kafka = EmbeddedKafkaBroker.start(settings.host(), settings.kafkaPort(), settings.kafkaDir());
        } catch (RuntimeException | Error e) {
            BackgroundStart.closeWhenStarted(postgresStart);
            throw e;
        }
        EmbeddedPostgresDatabase postgres;
        try {
            postgres = BackgroundStart.await(postgresStart);
        } catch (RuntimeException | Error e) {
            kafka.close();
            throw e;
        }
        VendorSimulator simulator;
        try {
            simulator = VendorSimulator.start(settings.simulator());
        } catch (RuntimeException | Error e) {
            kafka.close();
            postgres.close();
            throw e;
        }
        log.info("Local infrastructure up in {} ms: Kafka {}, PostgreSQL {}:{}, vendor simulator {}",
                Duration.ofNanos(System.nanoTime() - startedAt).toMillis(), kafka.bootstrapServers(),
                postgres.host(), postgres.port(), simulator.baseUrls());
        return new LocalInfrastructure(kafka, postgres, simulator);
    }

    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    public EmbeddedKafkaBroker kafka() {
        return kafka;
    }

    public EmbeddedPostgresDatabase postgres() {
        return postgres;
    }

    public VendorSimulator simulator() {
        return simulator;
    }

    /** Stops the simulator, then Kafka, then PostgreSQL; each is stopped even if another fails to. */
    @Override
    public void close() {
        RuntimeException failure = null;
        for (AutoCloseable part : new AutoCloseable[] {simulator, kafka, postgres}) {
            try {
                part.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("could not stop the local infrastructure cleanly", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
