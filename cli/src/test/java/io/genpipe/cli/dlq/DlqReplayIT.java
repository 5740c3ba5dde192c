package io.genpipe.cli.dlq;

import io.genpipe.cli.GenpipeCli;
import io.genpipe.contracts.topic.DlqHeaders;
import io.genpipe.contracts.topic.Topics;
import io.genpipe.infra.test.KafkaTopicReader;
import io.genpipe.infra.test.TestInfrastructure;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code genpipe dlq list|replay} on the real broker: the chosen dead letters go back once, as they were. */
class DlqReplayIT {

    private static final TestInfrastructure INFRA = TestInfrastructure.shared();
    private static final String SOURCE = INFRA.uniqueName("replay-source");
    private static final byte[] FIXED = "{\"prompt\":\"a kite\"}".getBytes(StandardCharsets.UTF_8);

    @BeforeAll
    static void deadLetters() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                INFRA.kafkaBootstrapServers()))) {
            for (String topic : List.of(SOURCE, Topics.DLQ.name())) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        }
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, INFRA.kafkaBootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            // Job a was refused by two groups (two dead letters of one record); job b by one.
            producer.send(deadLetter("a", FIXED, 5, "genpipe.router")).get();
            producer.send(deadLetter("a", FIXED, 5, "genpipe.sink")).get();
            producer.send(deadLetter("b", "{}".getBytes(StandardCharsets.UTF_8), 6, "genpipe.router")).get();
        }
    }

    @Test
    void listShowsWhyWithoutTheContents() {
        StringWriter out = new StringWriter();
        int exit = cli(out).execute("dlq", "list", "--bootstrap-servers", INFRA.kafkaBootstrapServers(),
                "--source-topic", SOURCE);
        assertThat(exit).isZero();
        assertThat(out.toString()).contains("key=a", "key=b", "prompt: is required", "3 dead letters")
                .doesNotContain("a kite");
    }

    @Test
    void replaySendsEachChosenRecordBackOnceAsItWas() {
        StringWriter dry = new StringWriter();
        cli(dry).execute("dlq", "replay", "--bootstrap-servers", INFRA.kafkaBootstrapServers(),
                "--source-topic", SOURCE, "--dry-run");
        assertThat(dry.toString()).contains("2 records would be replayed");

        StringWriter out = new StringWriter();
        int exit = cli(out).execute("dlq", "replay", "--bootstrap-servers", INFRA.kafkaBootstrapServers(),
                "--source-topic", SOURCE, "--key", "a");

        assertThat(exit).as(out.toString()).isZero();
        assertThat(out.toString()).contains("1 records replayed");
        try (KafkaTopicReader source = new KafkaTopicReader(INFRA.kafkaBootstrapServers(), SOURCE)) {
            ConsumerRecord<String, byte[]> replayed = source.awaitKey("a", Duration.ofSeconds(10));
            assertThat(replayed.value()).isEqualTo(FIXED);
            assertThat(new String(replayed.headers().lastHeader(ReplayCommand.REPLAYED_FROM).value(),
                    StandardCharsets.UTF_8)).startsWith("dlq/");
            assertThat(source.readNow(record -> true)).hasSize(1);
        }
    }

    @Test
    void replayNeedsToBeToldWhat() {
        StringWriter out = new StringWriter();
        assertThat(cli(out).execute("dlq", "replay", "--bootstrap-servers", INFRA.kafkaBootstrapServers()))
                .isEqualTo(2);
    }

    private static ProducerRecord<byte[], byte[]> deadLetter(String key, byte[] value, long offset, String group) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(Topics.DLQ.name(),
                key.getBytes(StandardCharsets.UTF_8), value);
        header(record, DlqHeaders.SOURCE_TOPIC, SOURCE);
        header(record, DlqHeaders.SOURCE_PARTITION, "0");
        header(record, DlqHeaders.SOURCE_OFFSET, Long.toString(offset));
        header(record, DlqHeaders.CONSUMER_GROUP, group);
        header(record, DlqHeaders.REASON, "prompt: is required");
        return record;
    }

    private static void header(ProducerRecord<byte[], byte[]> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static CommandLine cli(StringWriter out) {
        CommandLine cli = new CommandLine(new GenpipeCli());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(out, true));
        return cli;
    }
}
