package io.genpipe.bench.chaos;

import io.genpipe.catalog.CatalogFiles;
import io.genpipe.infra.EmbeddedKafkaBroker;
import io.genpipe.infra.EmbeddedPostgresDatabase;
import io.genpipe.infra.InfrastructureSettings;
import io.genpipe.localstack.LocalKeys;
import io.genpipe.localstack.PipelineSettings;
import io.genpipe.localstack.SeparateServices;
import io.genpipe.localstack.SimulatedProviders;
import io.genpipe.simulator.LatencyProfile;
import io.genpipe.simulator.SimulatorSettings;
import io.genpipe.simulator.Vendor;
import io.genpipe.simulator.VendorProfile;
import io.genpipe.simulator.VendorSimulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A whole genpipe on this machine, as README.md's separate-process run has it: Kafka, PostgreSQL and the simulator in
 * this JVM on data directories of the run's own (so the broker and the database can be stopped and started again on
 * the same port and data), and each of the four services in a JVM of its own. Everything is deleted at the end.
 */
final class ChaosStack implements AutoCloseable {

    static final String DATABASE = "genpipe";
    private static final String HOST = InfrastructureSettings.LOOPBACK;

    private final Path directory;
    private final LocalKeys keys = LocalKeys.generated();
    private final VendorSimulator simulator;
    private EmbeddedKafkaBroker kafka;
    private EmbeddedPostgresDatabase postgres;
    private final Map<String, ServiceJvm> services = new LinkedHashMap<>();
    private final int ingressPort;
    private final int sinkPort;

    private final Map<String, String> properties;

    private ChaosStack(Path directory, Duration latency, Map<String, String> properties) {
        this.properties = properties;
        this.directory = directory;
        kafka = EmbeddedKafkaBroker.start(HOST, 0, directory.resolve("kafka"));
        postgres = EmbeddedPostgresDatabase.start(HOST, 0, directory.resolve("postgres"));
        postgres.createDatabase(DATABASE);
        simulator = VendorSimulator.start(SimulatorSettings.defaults());
        VendorProfile fixed = VendorProfile.healthy().withLatency(LatencyProfile.fixed(latency));
        simulator.profile(Vendor.FAL, fixed);
        simulator.profile(Vendor.OPENAI, fixed);
        ingressPort = freePort();
        sinkPort = freePort();
    }

    static ChaosStack start(Duration latency, Map<String, String> properties) {
        Path directory;
        try {
            directory = Files.createTempDirectory("genpipe-chaos-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChaosStack stack = new ChaosStack(directory, latency, properties);
        try {
            stack.startServices();
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
        return stack;
    }

    private void startServices() {
        Map<String, String> extra = new LinkedHashMap<>(Map.of(
                // The load is the bench's: the tenant's rate limit is not what is measured.
                "genpipe.ingress.limits.jobs-per-minute", "1000000",
                "spring.main.banner-mode", "off"));
        extra.putAll(properties);
        PipelineSettings settings = new PipelineSettings(kafka.bootstrapServers(), postgres.jdbcUrl(DATABASE),
                postgres.username(), postgres.password(),
                SimulatedProviders.baseUrls(CatalogFiles.defaults(), simulator), directory.resolve("images"),
                ingressPort, freePort(), freePort(), sinkPort, extra, keys);
        SeparateServices separate = new SeparateServices(settings, directory.resolve("services"));
        separate.write();
        Map<String, Integer> ports = Map.of("results-sink", sinkPort, "router-worker", settings.routerPort(),
                "provider-workers", settings.workersPort(), "api-ingress", ingressPort);
        for (String module : separate.modules()) {
            ServiceJvm service = new ServiceJvm(module, separate.fileOf(module), ports.get(module),
                    directory.resolve(module + ".log"));
            service.start();
            services.put(module, service);
        }
    }

    /** Breaks what {@code fault} names. */
    void breakFor(Fault fault) {
        switch (fault) {
            case NONE -> { }
            case BROKER -> kafka.close();
            case POSTGRES -> postgres.close();
            default -> services.get(fault.module).kill();
        }
    }

    /** Starts again what {@link #breakFor} broke: the same port and data, the same command. */
    void mend(Fault fault) {
        switch (fault) {
            case NONE -> { }
            case BROKER -> kafka = EmbeddedKafkaBroker.start(HOST, kafka.port(), directory.resolve("kafka"));
            case POSTGRES -> postgres = EmbeddedPostgresDatabase.start(HOST, postgres.port(),
                    directory.resolve("postgres"));
            default -> services.get(fault.module).start();
        }
    }

    String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    Connection database() throws SQLException {
        return postgres.connect(DATABASE);
    }

    VendorSimulator simulator() {
        return simulator;
    }

    URI ingress() {
        return URI.create("http://127.0.0.1:" + ingressPort);
    }

    String tenantKey() {
        return keys.tenantKey();
    }

    Path directory() {
        return directory;
    }

    /** Services first (they drain against a live broker and database), then the simulator, Kafka, PostgreSQL. */
    @Override
    public void close() {
        List<ServiceJvm> running = new ArrayList<>(services.values());
        java.util.Collections.reverse(running);
        running.forEach(ServiceJvm::close);
        simulator.close();
        kafka.close();
        postgres.close();
        deleteQuietly(directory);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteQuietly(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException ignored) {
            // A temporary directory left behind is the OS's to clean.
        }
    }
}
