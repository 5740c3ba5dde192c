package io.genpipe.ingress.submission;

import io.genpipe.access.keys.ApiKeyHash;
import io.genpipe.contracts.topic.Topics;
import io.genpipe.infra.test.KafkaTopicReader;
import io.genpipe.infra.test.TestDatabase;
import io.genpipe.infra.test.TestInfrastructure;
import io.genpipe.ingress.IngressApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An ingress in its own JVM is killed (SIGKILL) while clients submit jobs. A 202 is a promise: every job the killed
 * ingress accepted is on {@code genpipe.jobs.v1}, because it answers only once the broker has the job. Requests cut
 * off by the kill got no answer, and their clients send them again.
 */
class IngressCrashIT {

    private static final TestInfrastructure INFRA = TestInfrastructure.shared();
    private static final String KEY = ApiKeyHash.generate();
    private static final int CLIENTS = 8;
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    private final TestDatabase database = INFRA.newDatabase();
    private final String prefix = INFRA.uniqueName("crash");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    private Process ingress;

    @AfterEach
    void stop() throws InterruptedException {
        clients.shutdownNow();
        clients.awaitTermination(10, TimeUnit.SECONDS);
        if (ingress != null) {
            ingress.destroyForcibly();
        }
    }

    @Test
    void everyJobAnswered202ByAKilledIngressIsOnTheJobsTopic() throws Exception {
        int port = freePort();
        ingress = startIngress(port);
        await().atMost(PATIENCE).ignoreExceptions().until(() -> submit(port, prefix + "-ready") == 202);

        Set<String> accepted = ConcurrentHashMap.newKeySet();
        AtomicInteger cutOff = new AtomicInteger();
        AtomicBoolean submitting = new AtomicBoolean(true);
        AtomicInteger next = new AtomicInteger();
        for (int c = 0; c < CLIENTS; c++) {
            clients.submit(() -> {
                while (submitting.get()) {
                    String jobId = prefix + "-" + next.getAndIncrement();
                    try {
                        if (submit(port, jobId) == 202) {
                            accepted.add(jobId);
                        }
                    } catch (IOException e) {
                        cutOff.incrementAndGet(); // no answer: not accepted, as far as this client knows
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }
        await().atMost(PATIENCE).until(() -> accepted.size() >= 200);
        ingress.destroyForcibly().waitFor();
        submitting.set(false);
        clients.shutdown();
        assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        Set<String> promised = Set.copyOf(accepted);

        try (KafkaTopicReader jobs = new KafkaTopicReader(INFRA.kafkaBootstrapServers(), Topics.JOBS.name())) {
            await().atMost(PATIENCE).untilAsserted(() -> {
                Set<String> published = jobs.readNow(record -> record.key() != null
                        && record.key().startsWith(prefix + "-")).stream()
                        .map(record -> record.key()).collect(Collectors.toSet());
                assertThat(published).as("%d accepted, %d requests cut off by the kill", promised.size(),
                        cutOff.get()).containsAll(promised);
            });
        }
    }

    private int submit(int port, String jobId) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/jobs"))
                .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString("{\"jobId\":\"" + jobId + "\",\"prompt\":\"a lighthouse\"}"))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private Process startIngress(int port) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                IngressApplication.class.getName(),
                "--server.port=" + port,
                "--spring.kafka.bootstrap-servers=" + INFRA.kafkaBootstrapServers(),
                "--spring.datasource.url=" + database.jdbcUrl(),
                "--spring.datasource.username=" + database.username(),
                "--spring.datasource.password=" + database.password(),
                "--genpipe.access.keys[0].id=crash-tests",
                "--genpipe.access.keys[0].tenant=acme",
                "--genpipe.access.keys[0].role=TENANT",
                "--genpipe.access.keys[0].sha256=" + ApiKeyHash.sha256(KEY),
                // The test submits as fast as it can: no tenant limit in its way.
                "--genpipe.ingress.limits.tenants.acme=1000000");
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(new File("target/ingress-crash.log")).start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }
}
