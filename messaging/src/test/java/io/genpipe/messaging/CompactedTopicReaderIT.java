package io.genpipe.messaging;

import io.genpipe.contracts.topic.Topic;
import io.genpipe.infra.test.TestInfrastructure;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A compacted topic read on the real broker: a record that is not JSON, and one its view throws on, are skipped, and
 * the reader goes on to the next report; silence after one bad record would freeze what the service knows.
 */
class CompactedTopicReaderIT {

    private static final TestInfrastructure INFRA = TestInfrastructure.shared();

    /** A value of the test's own topic. */
    record Note(String text) {
    }

    @Test
    void aRecordItCannotReadAndOneItsViewRefusesAreSkippedAndTheNextOneIsRead() throws Exception {
        String name = INFRA.uniqueName("compacted");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                INFRA.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(name, 1, (short) 1)
                    .configs(Map.of("cleanup.policy", "compact")))).all().get();
        }
        Topic<String, Note> topic = new Topic<>(name, String.class, Note.class, "key");
        Map<String, String> seen = new ConcurrentHashMap<>();
        KafkaProperties kafka = new KafkaProperties();
        kafka.setBootstrapServers(List.of(INFRA.kafkaBootstrapServers()));
        CompactedTopicReader<Note> reader = new CompactedTopicReader<>(topic, kafka, (key, note) -> {
            if (note.text().equals("boom")) {
                throw new IllegalStateException("the view refuses this one");
            }
            seen.put(key, note.text());
        }, seen::remove);
        reader.start();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, INFRA.kafkaBootstrapServers()),
                new StringSerializer(), (t, bytes) -> bytes)) {
            producer.send(new ProducerRecord<>(name, "a", bytes("{\"text\":\"first\"}"))).get();
            producer.send(new ProducerRecord<>(name, "b", bytes("not json"))).get();
            producer.send(new ProducerRecord<>(name, "c", bytes("{\"text\":\"boom\"}"))).get();
            producer.send(new ProducerRecord<>(name, "d", bytes("{\"text\":\"after both\"}"))).get();

            await().atMost(Duration.ofSeconds(30)).until(() -> seen.containsKey("d"));
            assertThat(seen).containsOnly(Map.entry("a", "first"), Map.entry("d", "after both"));
            assertThat(reader.isRunning()).isTrue();
        } finally {
            reader.stop();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
