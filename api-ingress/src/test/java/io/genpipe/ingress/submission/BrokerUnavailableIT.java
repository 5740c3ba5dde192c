package io.genpipe.ingress.submission;

import io.genpipe.access.keys.ApiKeyHash;
import io.genpipe.infra.test.TestDatabase;
import io.genpipe.infra.test.TestInfrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** With no broker to acknowledge, a submission is refused with 503 and Retry-After, never accepted. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=api-ingress",
        "spring.kafka.producer.properties.max.block.ms=1500",
        "spring.kafka.admin.properties.request.timeout.ms=1000",
        "spring.kafka.admin.properties.default.api.timeout.ms=1500",
        "spring.kafka.admin.operation-timeout=1s",
        "genpipe.access.keys[0].id=acme-tests",
        "genpipe.access.keys[0].tenant=acme",
        "genpipe.access.keys[0].sha256=" + BrokerUnavailableIT.KEY_SHA256})
class BrokerUnavailableIT {

    private static final String KEY = "gp_broker-unavailable-it";
    // printf %s gp_broker-unavailable-it | sha256sum
    static final String KEY_SHA256 = "053ba55a22e94acf9be840490db33385606bce2aaf754d35f34316f4910a31f8";

    /** A port that nothing listens on: bound, read, released. */
    private static final int CLOSED_PORT = closedPort();

    @LocalServerPort
    int port;

    @org.springframework.test.context.DynamicPropertySource
    static void noBroker(org.springframework.test.context.DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", () -> "127.0.0.1:" + CLOSED_PORT);
        TestDatabase database = TestInfrastructure.shared().newDatabase();
        registry.add("spring.datasource.url", database::jdbcUrl);
        registry.add("spring.datasource.username", database::username);
        registry.add("spring.datasource.password", database::password);
    }

    @Test
    void aJobThatTheBrokerDidNotAcknowledgeIsRefusedWith503() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/jobs"))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + KEY)
                        .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\":\"a lighthouse\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(JsonMapper.builder().build().readTree(response.body()).path("status").asInt()).isEqualTo(503);
    }

    @Test
    void theKeyInTheConfigurationIsTheHashOfTheOneSent() {
        assertThat(ApiKeyHash.sha256(KEY)).isEqualTo(KEY_SHA256);
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
