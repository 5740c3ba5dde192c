package io.genpipe.localstack;

import io.genpipe.catalog.CatalogFiles;
import io.genpipe.contracts.catalog.Catalog;
import io.genpipe.ingress.IngressApplication;
import io.genpipe.router.RouterApplication;
import io.genpipe.sink.ResultsSinkApplication;
import io.genpipe.worker.ProviderWorkersApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The four services, each its own Spring Boot application with its own context, configuration file and
 * port, started in this JVM against the given infrastructure. Nothing here is shared between them except
 * what would be shared in production: the broker and the database.
 */
public final class Pipeline implements AutoCloseable {

    /** The key the workers send to the simulator, which accepts any; without one a provider is DOWN. */
    static final String SIMULATOR_KEY = "local-simulator-key";
    private static final String CATALOG = "genpipe.catalog.";

    /**
     * In one JVM every service sees the sink's JDBC and Flyway jars; the services that own no database must not
     * try to configure one. Deployed apart, each has only its own dependencies and needs no such setting.
     */
    private static final String NO_DATABASE = String.join(",",
            "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
            "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration");

    /**
     * Likewise the ingress's and the sink's API key security: the router and the workers serve only their health, and
     * deployed apart they have no security on their classpath at all.
     */
    private static final String NO_ACCESS = String.join(",",
            "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
            "io.genpipe.access.AccessAutoConfiguration",
            "io.genpipe.access.DatabaseKeys",
            "io.genpipe.access.ApiDocsSecurity");

    private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();
    private URI ingressUrl;
    private URI sinkUrl;
    private URI workersUrl;

    private LocalKeys keys;

    private Pipeline() {
    }

    /** Starts the sink first and the ingress last, so that a job accepted is a job the pipeline can see through. */
    public static Pipeline start(PipelineSettings settings) {
        Pipeline pipeline = new Pipeline();
        pipeline.keys = settings.keys();
        try {
            // The sink starts before the router declares the dispatch topics: it finds them within 2 s, not 30 s.
            Map<String, String> sinkProperties = new HashMap<>(settings.keys().accessProperties());
            sinkProperties.putAll(Map.of(
                    "server.port", Integer.toString(settings.sinkPort()),
                    "genpipe.sink.dispatch-topic-discovery-ms", "2000",
                    "spring.datasource.url", settings.jdbcUrl(),
                    "spring.datasource.username", settings.databaseUser(),
                    "spring.datasource.password", settings.databasePassword()));
            ConfigurableApplicationContext sink = pipeline.run(ResultsSinkApplication.builder(), settings,
                    sinkProperties);
            pipeline.sinkUrl = urlOf(sink);
            pipeline.run(RouterApplication.builder(), settings, Map.of(
                    "server.port", Integer.toString(settings.routerPort()),
                    "spring.autoconfigure.exclude", NO_DATABASE + "," + NO_ACCESS));
            Map<String, String> workerProperties = new HashMap<>(keyVariables(settings));
            workerProperties.putAll(Map.of(
                    "server.port", Integer.toString(settings.workersPort()),
                    "genpipe.workers.images.dir", settings.imagesDir().toString(),
                    "spring.autoconfigure.exclude", NO_DATABASE + "," + NO_ACCESS));
            ConfigurableApplicationContext workers = pipeline.run(ProviderWorkersApplication.builder(), settings,
                    workerProperties);
            pipeline.workersUrl = urlOf(workers);
            Map<String, String> ingressProperties = new HashMap<>(settings.keys().accessProperties());
            ingressProperties.putAll(Map.of(
                    "server.port", Integer.toString(settings.ingressPort()),
                    "genpipe.ingress.status-base-url", pipeline.sinkUrl.toString(),
                    "genpipe.ingress.openai.image-store", settings.imagesDir().toString(),
                    // Uploads (edit and training inputs) go inside the workers' image store, which they read from.
                    "genpipe.ingress.uploads.dir", settings.imagesDir().resolve("uploads").toString(),
                    // The idempotency keys, in a schema of the ingress's own in the same database.
                    "spring.datasource.url", settings.jdbcUrl(),
                    "spring.datasource.username", settings.databaseUser(),
                    "spring.datasource.password", settings.databasePassword()));
            ConfigurableApplicationContext ingress = pipeline.run(IngressApplication.builder(), settings,
                    ingressProperties);
            pipeline.ingressUrl = urlOf(ingress);
            return pipeline;
        } catch (RuntimeException e) {
            pipeline.close();
            throw e;
        }
    }

    public URI ingressUrl() {
        return ingressUrl;
    }

    public URI sinkUrl() {
        return sinkUrl;
    }

    /** A client sending the local tenant's key: what a user of the pipeline calls it with. */
    public PipelineHttp tenantHttp() {
        return new PipelineHttp(keys.tenantKey());
    }

    /** A client sending the admin key: every tenant's records, settings and metrics. */
    public PipelineHttp adminHttp() {
        return new PipelineHttp(keys.adminKey());
    }

    /** The provider workers' actuator, whose health shows each provider's circuit. */
    public URI workersUrl() {
        return workersUrl;
    }

    @Override
    public void close() {
        for (int i = contexts.size() - 1; i >= 0; i--) {
            contexts.get(i).close();
        }
        contexts.clear();
    }

    /**
     * The simulator's key in the variable each pointed provider's catalog entry names ({@code api-key-env}), read as
     * the services read the catalog: the default file with the extra properties' {@code genpipe.catalog.*} keys.
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
        settings.providerBaseUrls().keySet().forEach(name -> catalog.provider(name)
                .ifPresent(provider -> keys.put(provider.apiKeyEnv(), SIMULATOR_KEY)));
        return keys;
    }

    /** Every service reads the catalog, so every service is told where each provider is. */
    private static Map<String, String> baseUrls(PipelineSettings settings) {
        Map<String, String> urls = new HashMap<>();
        settings.providerBaseUrls().forEach((name, url) -> urls.put(CATALOG + "providers." + name + ".base-url",
                url.toString()));
        return urls;
    }

    private ConfigurableApplicationContext run(SpringApplicationBuilder builder, PipelineSettings settings,
                                               Map<String, String> own) {
        Map<String, Object> properties = new HashMap<>(settings.extraProperties());
        properties.putAll(baseUrls(settings));
        properties.putAll(own);
        properties.put("spring.kafka.bootstrap-servers", settings.kafkaBootstrapServers());
        // Each service keeps its own configuration file; these come on top, as command-line arguments would.
        String[] args = properties.entrySet().stream()
                .map(entry -> "--" + entry.getKey() + "=" + entry.getValue())
                .toArray(String[]::new);
        // The owner of the pipeline closes it, before the broker it depends on; Spring's own hook would race that.
        ConfigurableApplicationContext context = builder.registerShutdownHook(false).run(args);
        contexts.add(context);
        return context;
    }

    private static URI urlOf(ConfigurableApplicationContext context) {
        return URI.create("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port"));
    }
}
