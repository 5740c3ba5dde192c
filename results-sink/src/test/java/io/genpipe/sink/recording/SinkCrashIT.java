package io.genpipe.sink.recording;

import io.genpipe.contracts.event.AttemptDispatched;
import io.genpipe.contracts.event.AttemptResult;
import io.genpipe.contracts.event.JobEvent;
import io.genpipe.contracts.event.JobRequested;
import io.genpipe.contracts.json.JsonSerde;
import io.genpipe.contracts.topic.Topics;
import io.genpipe.infra.test.TestDatabase;
import io.genpipe.infra.test.TestInfrastructure;
import io.genpipe.sink.JobStory;
import io.genpipe.sink.ResultsSinkApplication;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;

import static io.genpipe.sink.JobStory.FLUX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A sink in its own JVM is killed (SIGKILL) while events flow into it; a second one takes its consumer group over
 * from the last committed offsets. Whatever the first had written but not committed is read again, and the database
 * ends as if each event had been recorded once: one row per job and attempt, each attempt billed once.
 */
class SinkCrashIT {

    private static final TestInfrastructure INFRA = TestInfrastructure.shared();
    private static final int JOBS = 400;
    private static final String COST = "0.003";
    private static final Duration RECOVERY = Duration.ofSeconds(90);

    private final TestDatabase database = INFRA.newDatabase();
    private final String group = INFRA.uniqueName("sink-crash");
    private final String provider = INFRA.uniqueName("p");
    private final String batch = INFRA.uniqueName("batch");
    private final List<Process> sinks = new ArrayList<>();

    @AfterEach
    void stop() {
        sinks.forEach(Process::destroyForcibly);
    }

    @Test
    void everyEventIsRecordedOnceWhenASinkIsKilledWhileRecording() throws Exception {
        createTopic(Topics.dispatch(provider).name());
        Process first = startSink("first");
        await().atMost(RECOVERY).until(() -> tableExists()); // Flyway ran: the sink is up

        try (KafkaProducer<String, Object> producer = producer()) {
            List<Future<?>> firstHalf = publishJobs(producer, 0, JOBS / 2);
            await().atMost(RECOVERY).until(() -> succeededJobs() > 0);
            // The second half goes out as the first sink dies: it is recording when it is killed.
            List<Future<?>> secondHalf = publishJobs(producer, JOBS / 2, JOBS);
            first.destroyForcibly().waitFor();
            for (Future<?> send : concat(firstHalf, secondHalf)) {
                send.get();
            }
        }
        int atKill = succeededJobs();
        assertThat(atKill).as("jobs ended before the kill").isLessThan(JOBS);
        startSink("second");

        await().atMost(RECOVERY).untilAsserted(() -> {
            try (Connection connection = connect(); Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("""
                         SELECT count(DISTINCT j.job_id), count(*), count(a.dispatched_at), sum(a.cost_usd),
                                sum(j.total_cost_usd), count(*) FILTER (WHERE j.status = 'SUCCEEDED')
                         FROM jobs j JOIN attempts a USING (job_id) WHERE j.batch_id = '%s'
                         """.formatted(batch))) {
                rows.next();
                assertThat(rows.getInt(1)).as("jobs (%d had ended when the first sink was killed)", atKill)
                        .isEqualTo(JOBS);
                assertThat(rows.getInt(2)).as("one attempt row per job").isEqualTo(JOBS);
                assertThat(rows.getInt(3)).as("every dispatch").isEqualTo(JOBS);
                assertThat(rows.getInt(6)).as("every outcome").isEqualTo(JOBS);
                BigDecimal billed = new BigDecimal(COST).multiply(BigDecimal.valueOf(JOBS));
                assertThat(rows.getBigDecimal(4)).as("each attempt billed once").isEqualByComparingTo(billed);
                assertThat(rows.getBigDecimal(5)).as("each job's total once").isEqualByComparingTo(billed);
            }
        });
    }

    private List<Future<?>> publishJobs(KafkaProducer<String, Object> producer, int from, int to) {
        List<Future<?>> sends = new ArrayList<>();
        for (int i = from; i < to; i++) {
            JobStory story = JobStory.of(batch + "-job-" + i, "studio-north", batch);
            story.succeeds(provider, FLUX, COST, 1_000);
            for (JobEvent event : List.of(story.requested(), story.dispatches().get(0), story.attempts().get(0),
                    story.succeeded())) {
                sends.add(producer.send(new ProducerRecord<>(topicOf(event), event.jobId(), event)));
            }
        }
        return sends;
    }

    private static List<Future<?>> concat(List<Future<?>> first, List<Future<?>> second) {
        List<Future<?>> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
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

    /** A sink in a JVM of its own, with a short session so the second need not wait long for the dead one. */
    private Process startSink(String name) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process sink = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                ResultsSinkApplication.class.getName(),
                "--server.port=0",
                "--spring.datasource.url=" + database.jdbcUrl(),
                "--spring.datasource.username=" + database.username(),
                "--spring.datasource.password=" + database.password(),
                "--spring.kafka.bootstrap-servers=" + INFRA.kafkaBootstrapServers(),
                "--spring.kafka.consumer.group-id=" + group,
                "--spring.kafka.consumer.properties.session.timeout.ms=6000",
                "--spring.kafka.consumer.properties.heartbeat.interval.ms=1000",
                "--genpipe.sink.dispatch-topic-discovery-ms=1000")
                .redirectErrorStream(true)
                .redirectOutput(new File("target/sink-crash-" + name + ".log"))
                .start();
        sinks.add(sink);
        return sink;
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
    }

    private boolean tableExists() {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT to_regclass('public.jobs') IS NOT NULL")) {
            rows.next();
            return rows.getBoolean(1);
        } catch (SQLException notYet) {
            return false;
        }
    }

    private int succeededJobs() {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM jobs WHERE status = 'SUCCEEDED' AND "
                     + "batch_id = '" + batch + "'")) {
            rows.next();
            return rows.getInt(1);
        } catch (SQLException notYet) {
            return 0;
        }
    }

    private static KafkaProducer<String, Object> producer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, INFRA.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), (topic, event) -> JsonSerde.instance().write(event));
    }

    private static void createTopic(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                INFRA.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
        }
    }
}
