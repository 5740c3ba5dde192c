package io.genpipe.localstack;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the four services find Kafka, PostgreSQL and the vendors, and where they listen. Port 0 picks a free
 * port (tests); the local run uses 8080 to 8083.
 *
 * @param extraProperties added to every service, e.g. shorter timeouts in tests
 */
public record PipelineSettings(
        String kafkaBootstrapServers,
        String jdbcUrl,
        String databaseUser,
        String databasePassword,
        URI falBaseUrl,
        URI openAiBaseUrl,
        Path imagesDir,
        int ingressPort,
        int routerPort,
        int workersPort,
        int sinkPort,
        Map<String, String> extraProperties) {

    public PipelineSettings {
        extraProperties = Map.copyOf(extraProperties);
    }
}
