package io.genpipe.infra.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class TestInfrastructureIT {

    @Test
    void startsOnceAndHandsEveryCallerTheSameInstance() {
        List<CompletableFuture<TestInfrastructure>> concurrentCalls = IntStream.range(0, 4)
                .mapToObj(i -> CompletableFuture.supplyAsync(TestInfrastructure::shared))
                .toList();

        TestInfrastructure first = TestInfrastructure.shared();

        assertThat(TestInfrastructure.shared()).isSameAs(first);
        assertThat(concurrentCalls).allSatisfy(call -> assertThat(call.join()).isSameAs(first));
    }

    @Test
    void sharedKafkaDeliversRecordsOnItsUniqueTopic() throws Exception {
        TestInfrastructure infra = TestInfrastructure.shared();
        String topic = infra.uniqueName("jobs");
        Map<String, Object> producerConfig = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig)) {
            producer.send(new ProducerRecord<>(topic, "job-1", "submitted")).get(30, TimeUnit.SECONDS);
        }

        Map<String, Object> consumerConfig = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, infra.uniqueName("reader"),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        List<String> received = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig)) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> received.add(r.value()));
                return !received.isEmpty();
            });
        }
        assertThat(received).containsExactly("submitted");
    }

    @Test
    void givesEachCallerADatabaseOfItsOwn() throws SQLException {
        TestInfrastructure infra = TestInfrastructure.shared();

        TestDatabase first = infra.newDatabase();
        TestDatabase second = infra.newDatabase();

        assertThat(first.name()).isNotEqualTo(second.name());
        execute(first, "CREATE TABLE only_in_first (id int)");
        assertThat(tableCount(first, "only_in_first")).isEqualTo(1);
        assertThat(tableCount(second, "only_in_first")).isZero();
    }

    @Test
    void neverHandsOutTheSameNameTwice() {
        TestInfrastructure infra = TestInfrastructure.shared();

        List<String> names = IntStream.range(0, 100).parallel().mapToObj(i -> infra.uniqueName("topic")).toList();

        assertThat(names).doesNotHaveDuplicates().allMatch(name -> name.matches("topic-[0-9a-f]{6}-\\d+"));
    }

    @Test
    void servesTheVendorSimulatorOnTheLoopbackAddress() {
        TestInfrastructure infra = TestInfrastructure.shared();

        assertThat(infra.simulator().baseUrls()).isNotEmpty()
                .allSatisfy((vendor, url) -> assertThat(url.getHost()).isEqualTo("127.0.0.1"));
    }

    private static void execute(TestDatabase database, String sql) throws SQLException {
        try (Connection connection = connect(database); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static int tableCount(TestDatabase database, String table) throws SQLException {
        try (Connection connection = connect(database);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT count(*) FROM information_schema.tables WHERE table_name = '" + table + "'")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private static Connection connect(TestDatabase database) throws SQLException {
        return DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
    }
}
