package io.genpipe.ingress.dashboard;

import io.genpipe.access.keys.ApiKeyHash;
import io.genpipe.contracts.topic.Topics;
import io.genpipe.infra.test.TestDatabase;
import io.genpipe.infra.test.TestInfrastructure;
import io.genpipe.sink.ResultsSinkApplication;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * A real results sink beside the ingress under test, as deployed: its own configuration file, a database of its own on
 * the shared PostgreSQL, a consumer group of its own on the shared broker, and the same API keys as the ingress
 * (by hash), so a key the ingress accepts is one the sink accepts and judges alike.
 */
final class DashboardSink implements AutoCloseable {

    private final ConfigurableApplicationContext context;
    private final URI url;

    private DashboardSink(ConfigurableApplicationContext context) {
        this.context = context;
        this.url = URI.create("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port"));
    }

    /**
     * @param keys     tenant to key, each a TENANT key of the sink; {@code adminKey} an ADMIN one
     * @param settings more of the sink's settings (budgets)
     */
    static DashboardSink start(String adminKey, Map<String, String> keys, Map<String, String> settings) {
        TestInfrastructure infra = TestInfrastructure.shared();
        TestDatabase database = infra.newDatabase();
        // As in production, the router declares the dispatch topics before anything is dispatched on them.
        createTopics(infra, List.of(Topics.dispatch("fal").name(), Topics.dispatch("openai").name()));
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("server.port", "0");
        properties.put("spring.main.banner-mode", "off");
        properties.put("spring.datasource.url", database.jdbcUrl());
        properties.put("spring.datasource.username", database.username());
        properties.put("spring.datasource.password", database.password());
        properties.put("spring.kafka.bootstrap-servers", infra.kafkaBootstrapServers());
        properties.put("spring.kafka.consumer.group-id", infra.uniqueName("dashboard-sink"));
        properties.put("genpipe.sink.dispatch-topic-discovery-ms", "1000");
        int index = 0;
        index = key(properties, index, "dashboard-admin", "genpipe", "ADMIN", adminKey);
        for (Map.Entry<String, String> tenant : keys.entrySet()) {
            index = key(properties, index, tenant.getKey() + "-tests", tenant.getKey(), "TENANT", tenant.getValue());
        }
        properties.putAll(settings);
        String[] args = properties.entrySet().stream().map(entry -> "--" + entry.getKey() + "=" + entry.getValue())
                .toArray(String[]::new);
        return new DashboardSink(ResultsSinkApplication.builder().registerShutdownHook(false).run(args));
    }

    URI url() {
        return url;
    }

    boolean running() {
        return context.isActive();
    }

    /** Stops it: from now on the ingress finds nothing listening at {@link #url()}. */
    @Override
    public void close() {
        if (context.isActive()) {
            context.close();
        }
    }

    private static int key(Map<String, String> properties, int index, String id, String tenant, String role,
                           String key) {
        String prefix = "genpipe.access.keys[" + index + "].";
        properties.put(prefix + "id", id);
        properties.put(prefix + "tenant", tenant);
        properties.put(prefix + "role", role);
        properties.put(prefix + "sha256", ApiKeyHash.sha256(key));
        return index + 1;
    }

    private static void createTopics(TestInfrastructure infra, List<String> topics) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                infra.kafkaBootstrapServers()))) {
            for (String topic : topics) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("could not create " + topic, e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
