package io.genpipe.sink;

import io.genpipe.access.keys.ApiKeyHash;
import io.genpipe.contracts.event.AttemptDispatched;
import io.genpipe.contracts.event.AttemptProgressed;
import io.genpipe.contracts.event.AttemptResult;
import io.genpipe.contracts.event.JobEvent;
import io.genpipe.contracts.event.JobOutcome;
import io.genpipe.contracts.event.JobRequested;
import io.genpipe.contracts.json.JsonSerde;
import io.genpipe.contracts.topic.Topics;
import io.genpipe.infra.test.TestDatabase;
import io.genpipe.infra.test.TestInfrastructure;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * The sink as it runs: its own config file, a database of its own on the shared PostgreSQL, the shared broker,
 * and a consumer group of its own. The IT classes extending this share one Spring context (same configuration),
 * one database and one group. Events go in through the real topics, answers come out over HTTP, asked with an admin's
 * key (which sees every tenant) unless a test sends a tenant's ({@link #TENANT_KEY}, {@link #OTHER_TENANT_KEY}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=results-sink",
        // A dispatch topic created by a test is subscribed within a second, not the default half minute.
        "genpipe.sink.dispatch-topic-discovery-ms=1000",
        // Webhooks to receivers on 127.0.0.1, retried within a second, given up after the fourth attempt.
        "genpipe.webhooks.signing-secret=" + RunningSink.WEBHOOK_SECRET,
        "genpipe.webhooks.allow-http=true",
        "genpipe.webhooks.allow-private-addresses=true",
        "genpipe.webhooks.poll-interval=100ms",
        "genpipe.webhooks.connect-timeout=1s",
        "genpipe.webhooks.read-timeout=2s",
        "genpipe.webhooks.retry.initial=200ms",
        "genpipe.webhooks.retry.max=400ms",
        "genpipe.webhooks.retry.jitter=0",
        "genpipe.webhooks.retry.max-attempts=4",
        // One budget from configuration, for the budgets' admin API (BudgetsAdminIT); no other test records its tenant.
        "genpipe.sink.budgets[0].scope=tenant",
        "genpipe.sink.budgets[0].name=" + RunningSink.CONFIGURED_BUDGET_TENANT,
        "genpipe.sink.budgets[0].monthly=500"})
public abstract class RunningSink {

    /** The tenant of the one budget the configuration sets: 500 USD a month. */
    public static final String CONFIGURED_BUDGET_TENANT = "configured-budget-tenant";

    /** What the sink signs webhooks with. */
    public static final String WEBHOOK_SECRET = "test-webhook-secret";

    protected static final TestInfrastructure INFRA = TestInfrastructure.shared();
    private static final TestDatabase DATABASE = INFRA.newDatabase();
    private static final String GROUP = INFRA.uniqueName("sink");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();
    private static final Set<String> CREATED_TOPICS = ConcurrentHashMap.newKeySet();
    private static KafkaProducer<String, Object> producer;

    /** An admin's key: what every request below sends unless told otherwise. */
    protected static final String ADMIN_KEY = ApiKeyHash.generate();
    /** Tenant {@code acme}'s key. */
    protected static final String TENANT_KEY = ApiKeyHash.generate();
    /** Tenant {@code beta}'s key. */
    protected static final String OTHER_TENANT_KEY = ApiKeyHash.generate();

    @LocalServerPort
    private int port;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", DATABASE::jdbcUrl);
        registry.add("spring.datasource.username", DATABASE::username);
        registry.add("spring.datasource.password", DATABASE::password);
        registry.add("spring.kafka.bootstrap-servers", INFRA::kafkaBootstrapServers);
        // Other contexts on the same broker must not share partitions with this one.
        registry.add("spring.kafka.consumer.group-id", () -> GROUP);
        key(registry, 0, "ops-tests", "genpipe", "ADMIN", ADMIN_KEY);
        key(registry, 1, "acme-tests", "acme", "TENANT", TENANT_KEY);
        key(registry, 2, "beta-tests", "beta", "TENANT", OTHER_TENANT_KEY);
    }

    private static void key(DynamicPropertyRegistry registry, int index, String id, String tenant, String role,
                            String key) {
        String prefix = "genpipe.access.keys[" + index + "].";
        registry.add(prefix + "id", () -> id);
        registry.add(prefix + "tenant", () -> tenant);
        registry.add(prefix + "role", () -> role);
        registry.add(prefix + "sha256", () -> ApiKeyHash.sha256(key));
    }

    @AfterAll
    static void closeProducer() {
        if (producer != null) {
            producer.close();
            producer = null;
        }
    }

    /** Writes the event to the topic the pipeline writes it to, keyed by its job id, and waits for the broker. */
    protected static void publish(JobEvent event) {
        publishTraced(event, null);
    }

    /** As {@link #publish(JobEvent)}, with this W3C trace context in the record's {@code traceparent} header. */
    protected static void publishTraced(JobEvent event, String traceparent) {
        String topic;
        if (event instanceof JobRequested) {
            topic = Topics.JOBS.name();
        } else if (event instanceof AttemptResult) {
            topic = Topics.ATTEMPTS.name();
        } else if (event instanceof JobOutcome) {
            topic = Topics.OUTCOMES.name();
        } else if (event instanceof AttemptDispatched dispatch) {
            // As in production, where the router declares every provider's dispatch topic before it dispatches.
            topic = Topics.dispatch(dispatch.provider()).name();
            createTopic(topic);
        } else {
            throw new IllegalArgumentException("the sink does not read " + event.getClass().getSimpleName());
        }
        send(topic, event.jobId(), event, traceparent);
    }

    /** Writes the progress to genpipe.progress.v1, keyed by its job id as the workers do, and waits for the broker. */
    protected static void publish(AttemptProgressed progress) {
        send(Topics.PROGRESS.name(), progress.jobId(), progress, null);
    }

    private static void send(String topic, String key, Object event, String traceparent) {
        ProducerRecord<String, Object> record = new ProducerRecord<>(topic, key, event);
        if (traceparent != null) {
            record.headers().add("traceparent", traceparent.getBytes(StandardCharsets.UTF_8));
        }
        try {
            producer().send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not publish to " + topic, e.getCause());
        }
    }

    /** Creates the topic unless it exists, and waits until the broker says it does. */
    protected static void createTopic(String topic) {
        if (!CREATED_TOPICS.add(topic)) {
            return;
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, INFRA.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("could not create " + topic, e.getCause());
            }
        }
    }

    protected HttpResponse<String> get(String path) {
        return get(path, ADMIN_KEY);
    }

    /** @param key sent as {@code Authorization: Bearer}; {@code null} sends none */
    protected HttpResponse<String> get(String path, String key) {
        return send(authorized(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)), key)
                .GET().build());
    }

    /** A GET whose answer may take a while ({@code ?wait=}, event streams): the test goes on meanwhile. */
    protected CompletableFuture<HttpResponse<String>> getLater(String path, String key) {
        return HTTP.sendAsync(authorized(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)), key)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    protected HttpResponse<String> post(String path, String json) {
        return post(path, json, ADMIN_KEY);
    }

    /** @param key sent as {@code Authorization: Bearer}; {@code null} sends none */
    protected HttpResponse<String> post(String path, String json, String key) {
        return send(authorized(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)), key)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    protected HttpResponse<String> put(String path, String json) {
        return send(authorized(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)), ADMIN_KEY)
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    protected HttpResponse<String> delete(String path) {
        return send(authorized(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)), ADMIN_KEY)
                .DELETE().build());
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static HttpRequest.Builder authorized(HttpRequest.Builder request, String key) {
        return key == null ? request : request.header("Authorization", "Bearer " + key);
    }

    protected static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    private static synchronized KafkaProducer<String, Object> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, INFRA.kafkaBootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all"),
                    new StringSerializer(), (topic, event) -> JsonSerde.instance().write(event));
        }
        return producer;
    }
}
