package io.genpipe.localstack;

import io.genpipe.catalog.CatalogFiles;
import io.genpipe.contracts.catalog.Catalog;

import java.net.URI;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What each of the four services is configured with to run against the local infrastructure: the broker, the
 * database, the simulator's URL for every provider not sent to its real vendor (and a key for it), the providers the
 * workers serve, the image store, the keys. One place, whether
 * the services run in this JVM ({@link Pipeline}) or each from its own jar ({@code --infra-only},
 * {@link SeparateServices}).
 */
final class ServiceProperties {

    /** The key the workers send to the simulator, which accepts any; without one a provider is DOWN. */
    static final String SIMULATOR_KEY = "local-simulator-key";
    private static final String CATALOG = "genpipe.catalog.";

    private ServiceProperties() {
    }

    /** The results sink: the database, and the keys that may read it. */
    static Map<String, String> sink(PipelineSettings settings) {
        Map<String, String> properties = common(settings);
        properties.putAll(settings.keys().accessProperties());
        properties.putAll(database(settings));
        properties.put("server.port", Integer.toString(settings.sinkPort()));
        // The sink starts before the router declares the dispatch topics: it finds them within 2 s, not 30 s.
        properties.put("genpipe.sink.dispatch-topic-discovery-ms", "2000");
        return properties;
    }

    static Map<String, String> router(PipelineSettings settings) {
        Map<String, String> properties = common(settings);
        properties.put("server.port", Integer.toString(settings.routerPort()));
        return properties;
    }

    /**
     * The workers: the image store, the providers they serve, and the simulator's key in the key variable of each
     * provider that is not real (a real one's key is the workers' own environment's, never written here).
     */
    static Map<String, String> workers(PipelineSettings settings) {
        Map<String, String> properties = common(settings);
        properties.putAll(keyVariables(settings));
        properties.put("server.port", Integer.toString(settings.workersPort()));
        properties.put("genpipe.workers.images.dir", settings.imagesDir().toString());
        if (!settings.servedProviders().isEmpty()) {
            properties.put("genpipe.workers.serve", String.join(",", settings.servedProviders()));
        }
        return properties;
    }

    /**
     * The ingress: where job statuses are read and the dashboard's figures come from ({@code sinkUrl}), the image
     * store, the database, the keys.
     */
    static Map<String, String> ingress(PipelineSettings settings, URI sinkUrl) {
        Map<String, String> properties = common(settings);
        properties.putAll(settings.keys().accessProperties());
        // The idempotency keys, in a schema of the ingress's own in the same database.
        properties.putAll(database(settings));
        properties.put("server.port", Integer.toString(settings.ingressPort()));
        properties.put("genpipe.ingress.status-base-url", sinkUrl.toString());
        // The dashboard's reads of the sink go through the ingress, to this address.
        properties.put("genpipe.dashboard.sink-url", sinkUrl.toString());
        properties.put("genpipe.ingress.openai.image-store", settings.imagesDir().toString());
        // Uploads (edit and training inputs) go inside the workers' image store, which they read from.
        properties.put("genpipe.ingress.uploads.dir", settings.imagesDir().resolve("uploads").toString());
        return properties;
    }

    /** What every service reads: the broker, the settings given, and where each provider is (every one reads the catalog). */
    private static Map<String, String> common(PipelineSettings settings) {
        Map<String, String> properties = new TreeMap<>(settings.extraProperties());
        properties.putAll(baseUrls(settings));
        properties.put("spring.kafka.bootstrap-servers", settings.kafkaBootstrapServers());
        return properties;
    }

    private static Map<String, String> database(PipelineSettings settings) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("spring.datasource.url", settings.jdbcUrl());
        properties.put("spring.datasource.username", settings.databaseUser());
        properties.put("spring.datasource.password", settings.databasePassword());
        return properties;
    }

    /**
     * The simulator's key in the variable each pointed provider's catalog entry names ({@code api-key-env}), read as
     * the services read the catalog: the default file with the extra properties' {@code genpipe.catalog.*} keys. Not
     * for a real provider, pointed or not: its workers read the vendor's key from their environment.
     */
    private static Map<String, String> keyVariables(PipelineSettings settings) {
        Map<String, String> overrides = new HashMap<>(baseUrls(settings));
        settings.extraProperties().forEach((key, value) -> {
            if (key.startsWith(CATALOG)) {
                overrides.put(key, value);
            }
        });
        Catalog catalog = CatalogFiles.defaults(overrides);
        Map<String, String> keys = new HashMap<>();
        settings.providerBaseUrls().keySet().stream()
                .filter(name -> !settings.realProviders().contains(name))
                .forEach(name -> catalog.provider(name)
                        .ifPresent(provider -> keys.put(provider.apiKeyEnv(), SIMULATOR_KEY)));
        return keys;
    }

    private static Map<String, String> baseUrls(PipelineSettings settings) {
        Map<String, String> urls = new HashMap<>();
        settings.providerBaseUrls().forEach((name, url) -> urls.put(CATALOG + "providers." + name + ".base-url",
                url.toString()));
        return urls;
    }
}
