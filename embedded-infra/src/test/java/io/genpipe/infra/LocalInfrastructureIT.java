package io.genpipe.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.genpipe.simulator.SimulatorSettings;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalInfrastructureIT {

    @Test
    void startsKafkaPostgresAndSimulatorWithDataUnderTheGivenDirectories(@TempDir Path dataDir) throws Exception {
        InfrastructureSettings settings = new InfrastructureSettings(InfrastructureSettings.LOOPBACK,
                0, dataDir.resolve("kafka"), 0, dataDir.resolve("postgres"), SimulatorSettings.defaults());

        try (LocalInfrastructure infra = LocalInfrastructure.start(settings)) {
            assertThat(infra.kafkaBootstrapServers()).startsWith("127.0.0.1:");
            assertThat(clusterNodeCount(infra.kafkaBootstrapServers())).isEqualTo(1);
            assertThat(selectOne(infra.postgres())).isEqualTo(1);
            assertThat(infra.simulator().baseUrls()).isNotEmpty()
                    .allSatisfy((vendor, url) -> assertThat(url.getHost()).isEqualTo("127.0.0.1"));
        }

        assertThat(dataDir.resolve("kafka/meta.properties")).exists();
        assertThat(dataDir.resolve("postgres/postgresql.conf")).exists();
    }

    private static int clusterNodeCount(String bootstrapServers) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            return admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size();
        }
    }

    private static int selectOne(EmbeddedPostgresDatabase postgres) throws SQLException {
        try (Connection connection = postgres.connect("postgres");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT 1")) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
