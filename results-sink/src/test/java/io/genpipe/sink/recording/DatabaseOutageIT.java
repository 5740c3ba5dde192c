package io.genpipe.sink.recording;

import io.genpipe.access.keys.ApiKeyHash;
import io.genpipe.contracts.event.JobEvent;
import io.genpipe.contracts.event.JobRequested;
import io.genpipe.contracts.event.AttemptDispatched;
import io.genpipe.contracts.event.AttemptResult;
import io.genpipe.contracts.json.JsonSerde;
import io.genpipe.contracts.topic.DlqHeaders;
import io.genpipe.contracts.topic.Topics;
import io.genpipe.infra.EmbeddedPostgresDatabase;
import io.genpipe.infra.test.KafkaTopicReader;
import io.genpipe.infra.test.TestInfrastructure;
import io.genpipe.sink.JobStory;
import io.genpipe.sink.ResultsSinkApplication;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.genpipe.sink.JobStory.FAL;
import static io.genpipe.sink.JobStory.FLUX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PostgreSQL stops under a running sink for 30 s and starts again: the events that arrived meanwhile wait in Kafka and
 * are all recorded once it is back, each exactly once (the progress topic's too), none in the DLQ; health says DOWN
 * in between.
 * The sink has a PostgreSQL server of its own here, so that stopping it touches no other test.
 */
class DatabaseOutageIT {

    private static final String ADMIN_KEY = ApiKeyHash.generate();

    private static final TestInfrastructure INFRA = TestInfrastructure.shared();
    private static final String HOST = "127.0.0.1";
    private static final String DATABASE = "sink_outage";
    private static final int JOBS_BEFORE = 40;
    private static final int JOBS_DURING = 60;
    private static final Duration OUTAGE = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dataDirectory;

    private EmbeddedPostgresDatabase postgres;
    private ConfigurableApplicationContext sink;
    private final String group = INFRA.uniqueName("sink-outage");
    private final String provider = INFRA.uniqueName("p");
    private final String batch = INFRA.uniqueName("batch");

    @AfterEach
    void stop() {
        if (sink != null) {
            sink.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void eventsThatArriveWhileTheDatabaseIsDownAreAllRecordedOnceItIsBack() throws Exception {
        int port = freePort();
        postgres = EmbeddedPostgresDatabase.start(HOST, port, dataDirectory);
        postgres.createDatabase(DATABASE);
        createTopic(Topics.dispatch(provider).name());
        // Arguments, not builder properties: those are defaults, which results-sink.yml overrides.
        sink = ResultsSinkApplication.builder().run(
                "--server.port=0",
                "--spring.datasource.url=" + postgres.jdbcUrl(DATABASE),
                "--spring.datasource.username=" + postgres.username(),
                "--spring.datasource.password=" + postgres.password(),
                "--spring.kafka.bootstrap-servers=" + INFRA.kafkaBootstrapServers(),
                "--spring.kafka.consumer.group-id=" + group,
                "--genpipe.sink.dispatch-topic-discovery-ms=1000",
                "--genpipe.sink.outage-backoff.initial=200ms",
                "--genpipe.sink.outage-backoff.max=2s",
                "--genpipe.access.keys[0].id=ops-tests",
                "--genpipe.access.keys[0].tenant=genpipe",
                "--genpipe.access.keys[0].role=ADMIN",
                "--genpipe.access.keys[0].sha256=" + ApiKeyHash.sha256(ADMIN_KEY),
                // Each try while the server is down fails fast, so the test sees many in a few seconds.
                "--spring.datasource.hikari.connection-timeout=500");
        MeterRegistry meters = sink.getBean(MeterRegistry.class);

        try (KafkaProducer<String, Object> producer = producer()) {
            publishJobs(producer, 0, JOBS_BEFORE);
            await().atMost(Duration.ofSeconds(60)).until(() -> succeededJobs() == JOBS_BEFORE);
            assertThat(healthStatus()).isEqualTo(200);

            postgres.close();
            long stoppedAt = System.nanoTime();
            publishJobs(producer, JOBS_BEFORE, JOBS_BEFORE + JOBS_DURING);

            // Every listener fails, hands its records back and waits, several times over, without giving up on them.
            await().atMost(Duration.ofSeconds(60)).until(() -> healthStatus() == 503
                    && meters.counter("genpipe.sink.recording.retries").count() >= 8);
            // The outage: 30 s down, far past the back-off's longest wait and the consumers' session timeout,
            // with health DOWN throughout and the sink still counting one outage, not one per record or per retry.
            Duration rest = OUTAGE.minusNanos(System.nanoTime() - stoppedAt);
            if (!rest.isNegative()) {
                await().during(rest).atMost(rest.plusSeconds(10)).until(() -> healthStatus() == 503);
            }
            assertThat(meters.counter("genpipe.sink.recording.outages").count()).isEqualTo(1);

            postgres = EmbeddedPostgresDatabase.start(HOST, port, dataDirectory);
        }

        int total = JOBS_BEFORE + JOBS_DURING;
        // Each listener comes back on its own back-off, so the topics catch up one after another.
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            try (Connection connection = postgres.connect(DATABASE); Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("""
                         SELECT count(DISTINCT j.job_id), count(*), count(a.event_id), count(a.dispatched_at),
                                sum(a.cost_usd), sum(j.total_cost_usd), count(*) FILTER (WHERE j.status = 'SUCCEEDED')
                         FROM jobs j JOIN attempts a USING (job_id) WHERE j.batch_id = '%s'
                         """.formatted(batch))) {
                rows.next();
                assertThat(rows.getInt(1)).isEqualTo(total);
                assertThat(rows.getInt(2)).as("one attempt row per job").isEqualTo(total);
                assertThat(rows.getInt(3)).as("every attempt from its own event").isEqualTo(total);
                assertThat(rows.getInt(4)).as("every dispatch").isEqualTo(total);
                assertThat(rows.getInt(7)).as("every outcome").isEqualTo(total);
                assertThat(rows.getBigDecimal(5)).as("each attempt billed once")
                        .isEqualByComparingTo(new BigDecimal("0.003").multiply(BigDecimal.valueOf(total)));
                assertThat(rows.getBigDecimal(6)).isEqualByComparingTo(rows.getBigDecimal(5));
            }
            try (Connection connection = postgres.connect(DATABASE); Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT count(*) FROM job_progress WHERE job_id LIKE '"
                         + batch + "-job-%'")) {
                rows.next();
                assertThat(rows.getInt(1)).as("every job's progress").isEqualTo(total);
            }
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> healthStatus() == 200);
        try (KafkaTopicReader dlq = new KafkaTopicReader(INFRA.kafkaBootstrapServers(), Topics.DLQ.name())) {
            // Its own events only: the group reads the shared topics from the start, other ITs' bad records included.
            assertThat(dlq.readNow(record -> group.equals(header(record, DlqHeaders.CONSUMER_GROUP))
                    && record.key() != null && record.key().startsWith(batch + "-job-"))).isEmpty();
        }
    }

    private void publishJobs(KafkaProducer<String, Object> producer, int from, int to) throws Exception {
        List<java.util.concurrent.Future<?>> sends = new ArrayList<>();
        for (int i = from; i < to; i++) {
            JobStory story = JobStory.of(batch + "-job-" + i, "studio-north", batch);
            story.succeeds(provider, FLUX, "0.003", 1_000);
            for (JobEvent event : List.of(story.requested(), story.dispatches().get(0), story.attempts().get(0),
                    story.succeeded())) {
                sends.add(producer.send(new ProducerRecord<>(topicOf(event), event.jobId(), event)));
            }
            sends.add(producer.send(new ProducerRecord<>(Topics.PROGRESS.name(), story.jobId(),
                    story.progressed(1, "IN_PROGRESS", 50, null, 500))));
        }
        for (java.util.concurrent.Future<?> send : sends) {
            send.get();
        }
    }

    private String topicOf(JobEvent event) {
        if (event instanceof JobRequested) {
            return Topics.JOBS.name();
        }
        if (event instanceof AttemptDispatched) {
            return Topics.dispatch(provider).name();
        }
        return event instanceof AttemptResult ? Topics.ATTEMPTS.name() : Topics.OUTCOMES.name();
    }

    private int succeededJobs() {
        try (Connection connection = postgres.connect(DATABASE); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM jobs WHERE status = 'SUCCEEDED' AND batch_id = '"
                     + batch + "' AND total_cost_usd > 0")) {
            rows.next();
            return rows.getInt(1);
        } catch (java.sql.SQLException notYet) {
            return -1; // the schema is not there yet, or the server is still starting
        }
    }

    private int healthStatus() throws Exception {
        String port = sink.getEnvironment().getProperty("local.server.port");
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                .header("Authorization", "Bearer " + ADMIN_KEY).timeout(Duration.ofSeconds(10)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static KafkaProducer<String, Object> producer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, INFRA.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                // One request in flight: a first batch to a brand-new partition that fails is retried in order.
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1),
                new StringSerializer(), (topic, event) -> JsonSerde.instance().write(event));
    }

    /** A port free now, kept for the restart: the sink's data source points at it throughout. */
    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        }
    }

    private static void createTopic(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                INFRA.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
        }
    }

    private static String header(org.apache.kafka.clients.consumer.ConsumerRecord<?, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
