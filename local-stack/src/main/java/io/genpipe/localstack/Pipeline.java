package io.genpipe.localstack;

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

    /** The key the workers send to the simulator, which accepts any; without one a provider's calls all fail. */
    static final String SIMULATOR_KEY = "local-simulator-key";

    /**
     * In one JVM every service sees the sink's JDBC and Flyway jars; the services that own no database must not
     * try to configure one. Deployed apart, each has only its own dependencies and needs no such setting.
     */
    private static final String NO_DATABASE = String.join(",",
            "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
            "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration");

    private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();
    private URI ingressUrl;
    private URI sinkUrl;
    private URI workersUrl;

    private Pipeline() {
    }

    /** Starts the sink first and the ingress last, so that a job accepted is a job the pipeline can see through. */
    public static Pipeline start(PipelineSettings settings) {
        Pipeline pipeline = new Pipeline();
        try {
            ConfigurableApplicationContext sink = pipeline.run(ResultsSinkApplication.builder(), settings, Map.of(
                    "server.port", Integer.toString(settings.sinkPort()),
                    "spring.datasource.url", settings.jdbcUrl(),
                    "spring.datasource.username", settings.databaseUser(),
                    "spring.datasource.password", settings.databasePassword()));
            pipeline.sinkUrl = urlOf(sink);
            pipeline.run(RouterApplication.builder(), settings, Map.of(
                    "server.port", Integer.toString(settings.routerPort()),
                    "spring.autoconfigure.exclude", NO_DATABASE));
            ConfigurableApplicationContext workers = pipeline.run(ProviderWorkersApplication.builder(), settings, Map.of(
                    "server.port", Integer.toString(settings.workersPort()),
                    "genpipe.workers.providers.fal.base-url", settings.falBaseUrl().toString(),
                    "genpipe.workers.providers.openai.base-url", settings.openAiBaseUrl().toString(),
                    "genpipe.workers.images.dir", settings.imagesDir().toString(),
                    "FAL_KEY", SIMULATOR_KEY,
                    "OPENAI_API_KEY", SIMULATOR_KEY,
                    "spring.autoconfigure.exclude", NO_DATABASE));
            pipeline.workersUrl = urlOf(workers);
            ConfigurableApplicationContext ingress = pipeline.run(IngressApplication.builder(), settings, Map.of(
                    "server.port", Integer.toString(settings.ingressPort()),
                    "genpipe.ingress.status-base-url", pipeline.sinkUrl.toString(),
                    "spring.autoconfigure.exclude", NO_DATABASE));
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

    private ConfigurableApplicationContext run(SpringApplicationBuilder builder, PipelineSettings settings,
                                               Map<String, String> own) {
        Map<String, Object> properties = new HashMap<>(settings.extraProperties());
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
