package io.genpipe.localstack;

import java.net.URI;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where the four services find Kafka, PostgreSQL and the vendors, and where they listen. Port 0 picks a free
 * port (tests); the local run uses 8080 to 8083.
 *
 * @param providerBaseUrls catalog provider name to the base URL every service is given for it
 *                         ({@code genpipe.catalog.providers.<name>.base-url}), e.g. the simulator's; see
 *                         {@link SimulatedProviders}. A provider left out keeps the catalog's own URL.
 * @param extraProperties  added to every service, e.g. shorter timeouts in tests
 * @param keys             the API keys the ingress and the sink accept
 */
public record PipelineSettings(
        String kafkaBootstrapServers,
        String jdbcUrl,
        String databaseUser,
        String databasePassword,
        Map<String, URI> providerBaseUrls,
        Path imagesDir,
        int ingressPort,
        int routerPort,
        int workersPort,
        int sinkPort,
        Map<String, String> extraProperties,
        LocalKeys keys) {

    public PipelineSettings {
        providerBaseUrls = Collections.unmodifiableMap(new LinkedHashMap<>(providerBaseUrls));
        extraProperties = Map.copyOf(extraProperties);
        Objects.requireNonNull(keys, "keys");
    }
}
