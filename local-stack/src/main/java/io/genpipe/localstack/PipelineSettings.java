package io.genpipe.localstack;

import java.net.URI;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Where the four services find Kafka, PostgreSQL and the vendors, and where they listen. Port 0 picks a free
 * port (tests); the local run uses 8080 to 8083.
 *
 * @param providerBaseUrls catalog provider name to the base URL every service is given for it
 *                         ({@code genpipe.catalog.providers.<name>.base-url}), e.g. the simulator's; see
 *                         {@link SimulatedProviders}. A provider left out keeps the catalog's own URL.
 * @param extraProperties  added to every service, e.g. shorter timeouts in tests
 * @param keys             the API keys the ingress and the sink accept
 * @param servedProviders  the catalog providers the workers serve ({@code genpipe.workers.serve}); empty serves every one
 * @param realProviders    providers whose key the workers read from their own environment, in the variable the
 *                         catalog's {@code api-key-env} names, as deployed; every other provider of
 *                         {@code providerBaseUrls} gets the simulator's placeholder key. A real provider is normally
 *                         left out of {@code providerBaseUrls}; a test may give it a stand-in vendor's URL there
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
        LocalKeys keys,
        List<String> servedProviders,
        Set<String> realProviders) {

    public PipelineSettings {
        providerBaseUrls = Collections.unmodifiableMap(new LinkedHashMap<>(providerBaseUrls));
        extraProperties = Map.copyOf(extraProperties);
        Objects.requireNonNull(keys, "keys");
        servedProviders = List.copyOf(servedProviders);
        realProviders = Set.copyOf(realProviders);
    }

    /** Every provider served, none of them real: each on the URL {@code providerBaseUrls} gives, or the catalog's. */
    public PipelineSettings(String kafkaBootstrapServers, String jdbcUrl, String databaseUser, String databasePassword,
                            Map<String, URI> providerBaseUrls, Path imagesDir, int ingressPort, int routerPort,
                            int workersPort, int sinkPort, Map<String, String> extraProperties, LocalKeys keys) {
        this(kafkaBootstrapServers, jdbcUrl, databaseUser, databasePassword, providerBaseUrls, imagesDir, ingressPort,
                routerPort, workersPort, sinkPort, extraProperties, keys, List.of(), Set.of());
    }
}
