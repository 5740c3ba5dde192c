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
    private URI routerUrl;

    private LocalKeys keys;

    private Pipeline() {
    }

    /** Starts the sink first and the ingress last, so that a job accepted is a job the pipeline can see through. */
    public static Pipeline start(PipelineSettings settings) {
        Pipeline pipeline = new Pipeline();
        pipeline.keys = settings.keys();
        try {
            ConfigurableApplicationContext sink = pipeline.run(ResultsSinkApplication.builder(),
                    ServiceProperties.sink(settings));
            pipeline.sinkUrl = urlOf(sink);
            pipeline.routerUrl = urlOf(pipeline.run(RouterApplication.builder(),
                    inThisJvm(ServiceProperties.router(settings))));
            ConfigurableApplicationContext workers = pipeline.run(ProviderWorkersApplication.builder(),
                    inThisJvm(ServiceProperties.workers(settings)));
            pipeline.workersUrl = urlOf(workers);
            ConfigurableApplicationContext ingress = pipeline.run(IngressApplication.builder(),
                    ServiceProperties.ingress(settings, pipeline.sinkUrl));
            pipeline.ingressUrl = urlOf(ingress);
            return pipeline;
        } catch (RuntimeException e) {
            pipeline.close();
            throw e;
        }
    }

    /** A service that owns neither a database nor API keys, run beside the sink's and the ingress's jars. */
    private static Map<String, String> inThisJvm(Map<String, String> properties) {
        Map<String, String> withExclusions = new HashMap<>(properties);
        withExclusions.put("spring.autoconfigure.exclude", NO_DATABASE + "," + NO_ACCESS);
        return withExclusions;
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

    /** The local tenant's and the admin's keys, for clients of the pipeline's own (a test's command line). */
    public LocalKeys keys() {
        return keys;
    }

    /** The router's actuator (health and metrics). */
    public URI routerUrl() {
        return routerUrl;
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

    private ConfigurableApplicationContext run(SpringApplicationBuilder builder, Map<String, String> properties) {
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
