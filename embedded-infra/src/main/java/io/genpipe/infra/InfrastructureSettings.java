package io.genpipe.infra;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

import io.genpipe.simulator.SimulatorSettings;
import io.genpipe.simulator.Vendor;

/**
 * Where the local infrastructure listens and keeps its data.
 *
 * @param host         the one address every server binds to; 127.0.0.1 so nothing is reachable from outside
 * @param kafkaPort    Kafka client port; 0 picks a free one
 * @param kafkaDir     Kafka log directory, kept across restarts; {@code null} means a temporary one, deleted on close
 * @param postgresPort PostgreSQL port; 0 picks a free one
 * @param postgresDir  PostgreSQL data directory, kept across restarts; {@code null} means a temporary one, deleted on close
 * @param simulator    the vendor simulator's own settings (it binds to {@code simulator.host()})
 */
public record InfrastructureSettings(String host, int kafkaPort, Path kafkaDir, int postgresPort, Path postgresDir,
                                     SimulatorSettings simulator) {

    public static final String LOOPBACK = "127.0.0.1";
    /** Simulator ports of the local run, by vendor: the same as the simulator's own standalone defaults. */
    public static final Map<Vendor, Integer> LOCAL_SIMULATOR_PORTS = Map.of(Vendor.FAL, 9101, Vendor.OPENAI, 9102);

    public InfrastructureSettings {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        requirePort("kafkaPort", kafkaPort);
        requirePort("postgresPort", postgresPort);
        Objects.requireNonNull(simulator, "simulator");
    }

    /**
     * The one-command local run: Kafka on 9092, PostgreSQL on 15432, data under {@code dataDir/kafka} and
     * {@code dataDir/postgres} so that jobs survive a restart, and the simulator's fal.ai server on 9101 and
     * OpenAI server on 9102, accepting any key.
     */
    public static InfrastructureSettings forLocalRun(Path dataDir) {
        Objects.requireNonNull(dataDir, "dataDir");
        return new InfrastructureSettings(LOOPBACK, EmbeddedKafkaBroker.LOCAL_PORT, dataDir.resolve("kafka"),
                EmbeddedPostgresDatabase.LOCAL_PORT, dataDir.resolve("postgres"),
                new SimulatorSettings(LOOPBACK, LOCAL_SIMULATOR_PORTS, Map.of(), Map.of(), SimulatorSettings.DEFAULT_SEED));
    }

    /** Free ports and temporary data: nothing a test leaves behind, nothing that clashes with a local run. */
    public static InfrastructureSettings forTests() {
        return new InfrastructureSettings(LOOPBACK, 0, null, 0, null, SimulatorSettings.defaults());
    }

    private static void requirePort(String name, int port) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException(name + " must be within [0, 65535], was " + port);
        }
    }
}
