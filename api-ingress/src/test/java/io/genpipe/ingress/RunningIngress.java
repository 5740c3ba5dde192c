package io.genpipe.ingress;

import io.genpipe.access.keys.ApiKeyHash;
import io.genpipe.contracts.topic.Topics;
import io.genpipe.infra.test.KafkaTopicReader;
import io.genpipe.infra.test.TestDatabase;
import io.genpipe.infra.test.TestInfrastructure;
import org.junit.jupiter.api.AfterEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * The ingress on a random port, against the shared test broker, on the default catalog and a clock fixed on
 * {@link #NOW}. The ITs that extend it share one application context. Requests carry tenant {@code acme}'s key unless
 * a test sends another ({@link #TENANT_KEY}, {@link #OTHER_TENANT_KEY}, {@link #ADMIN_KEY}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=api-ingress")
@Import(RunningIngress.FixedClock.class)
public abstract class RunningIngress {

    /** The day after gpt-image-1-mini and gpt-image-1.5 shut down (2026-12-01). */
    public static final Instant NOW = Instant.parse("2026-12-02T09:00:00Z");

    protected static final JsonMapper JSON = JsonMapper.builder().build();

    /** A database of its own on the shared PostgreSQL, for the idempotency keys. */
    private static final TestDatabase DATABASE = TestInfrastructure.shared().newDatabase();

    /** Tenant {@code acme}'s key, which every request below sends unless told otherwise. */
    protected static final String TENANT_KEY = ApiKeyHash.generate();
    /** Tenant {@code beta}'s key. */
    protected static final String OTHER_TENANT_KEY = ApiKeyHash.generate();
    /** An admin key, of tenant {@code genpipe}. */
    protected static final String ADMIN_KEY = ApiKeyHash.generate();
    /** Tenant {@code limited}'s key: {@value #LIMITED_JOBS_PER_MINUTE} jobs a minute, for the rate limit's test. */
    protected static final String LIMITED_KEY = ApiKeyHash.generate();
    protected static final int LIMITED_JOBS_PER_MINUTE = 5;

    /**
     * The workers' image store as these tests' ingress sees it; uploads are stored under its {@code uploads}, as a
     * deployment's are.
     */
    protected static final Path IMAGE_STORE = temporaryImageStore();
    /** Small, so that a test can go over it cheaply. */
    protected static final int MAX_UPLOAD_BYTES = 256 * 1024;

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    protected int port;

    private KafkaTopicReader jobs;

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", TestInfrastructure.shared()::kafkaBootstrapServers);
        registry.add("spring.datasource.url", DATABASE::jdbcUrl);
        registry.add("spring.datasource.username", DATABASE::username);
        registry.add("spring.datasource.password", DATABASE::password);
        key(registry, 0, "acme-tests", "acme", "TENANT", TENANT_KEY);
        key(registry, 1, "beta-tests", "beta", "TENANT", OTHER_TENANT_KEY);
        key(registry, 2, "ops-tests", "genpipe", "ADMIN", ADMIN_KEY);
        key(registry, 3, "limited-tests", "limited", "TENANT", LIMITED_KEY);
        registry.add("genpipe.ingress.limits.tenants.limited", () -> LIMITED_JOBS_PER_MINUTE);
        registry.add("genpipe.ingress.openai.image-store", IMAGE_STORE::toString);
        registry.add("genpipe.ingress.uploads.dir", () -> IMAGE_STORE.resolve("uploads").toString());
        registry.add("genpipe.ingress.uploads.max-size", () -> MAX_UPLOAD_BYTES + "B");
    }

    private static Path temporaryImageStore() {
        try {
            Path store = Files.createTempDirectory("genpipe-ingress-images");
            store.toFile().deleteOnExit();
            return store;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void key(DynamicPropertyRegistry registry, int index, String id, String tenant, String role,
                            String key) {
        String prefix = "genpipe.access.keys[" + index + "].";
        registry.add(prefix + "id", () -> id);
        registry.add(prefix + "tenant", () -> tenant);
        registry.add(prefix + "role", () -> role);
        registry.add(prefix + "sha256", () -> ApiKeyHash.sha256(key));
    }

    /** {@code genpipe.jobs.v1} read from its start, for this test: what the ingress really published. */
    protected KafkaTopicReader jobs() {
        if (jobs == null) {
            jobs = new KafkaTopicReader(TestInfrastructure.shared().kafkaBootstrapServers(), Topics.JOBS.name());
        }
        return jobs;
    }

    @AfterEach
    void closeJobsReader() {
        if (jobs != null) {
            jobs.close();
            jobs = null;
        }
    }

    protected HttpResponse<String> post(String path, String json) {
        return post(path, json, TENANT_KEY);
    }

    /** @param key sent as {@code Authorization: Bearer}; {@code null} sends none */
    protected HttpResponse<String> post(String path, String json, String key) {
        return send(authorized(HttpRequest.newBuilder(uri(path)), key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /** @param headers more headers, as name, value, name, value ({@code Cache-Control}, ...) */
    protected HttpResponse<String> post(String path, String json, String key, String... headers) {
        return send(withHeaders(authorized(HttpRequest.newBuilder(uri(path)), key), headers)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /** {@code POST /v1/uploads} of a raw body of {@code contentType}. */
    protected HttpResponse<String> upload(byte[] bytes, String contentType, String key) {
        return send(authorized(HttpRequest.newBuilder(uri("/v1/uploads")), key).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build());
    }

    /** An image upload's {@code file:} reference, for tenant of {@code key}. */
    protected String uploaded(byte[] png, String key) {
        HttpResponse<String> response = upload(png, "image/png", key);
        if (response.statusCode() != 201) {
            throw new IllegalStateException("upload answered " + response.statusCode() + ": " + response.body());
        }
        return json(response).path("uri").asString();
    }

    /** The smallest PNG there is: its signature and an 8x8 image, enough for the uploads' check of its bytes. */
    protected static byte[] png() {
        try {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(8, 8,
                    java.awt.image.BufferedImage.TYPE_INT_RGB), "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected HttpResponse<String> get(String path) {
        return get(path, TENANT_KEY);
    }

    /** @param key sent as {@code Authorization: Bearer}; {@code null} sends none */
    protected HttpResponse<String> get(String path, String key) {
        return send(authorized(HttpRequest.newBuilder(uri(path)), key).GET().build());
    }

    /**
     * @param key     sent as {@code Authorization: Bearer}; {@code null} sends none
     * @param headers more headers, as name, value, name, value ({@code If-Match}, ...)
     */
    protected HttpResponse<String> put(String path, String json, String key, String... headers) {
        return send(withHeaders(authorized(HttpRequest.newBuilder(uri(path)), key), headers)
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /** @see #put(String, String, String, String...) */
    protected HttpResponse<String> delete(String path, String key, String... headers) {
        return send(withHeaders(authorized(HttpRequest.newBuilder(uri(path)), key), headers).DELETE().build());
    }

    private static HttpRequest.Builder withHeaders(HttpRequest.Builder request, String... headers) {
        return headers.length == 0 ? request : request.headers(headers);
    }

    private static HttpRequest.Builder authorized(HttpRequest.Builder request, String key) {
        return key == null ? request : request.header("Authorization", "Bearer " + key);
    }

    protected static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    protected URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Sends as built: a test's own method, headers or body. */
    protected HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class FixedClock {

        @Bean
        @Primary
        Clock fixedClock() {
            return Clock.fixed(NOW, ZoneOffset.UTC);
        }
    }
}
