package io.genpipe.messaging;

import io.genpipe.contracts.event.JobRequested;
import io.genpipe.contracts.json.JsonSerde;
import io.genpipe.contracts.json.MessageFormatException;
import io.genpipe.contracts.topic.DlqHeaders;
import io.genpipe.contracts.topic.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;

import java.nio.charset.StandardCharsets;
import java.sql.SQLTransientConnectionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeadLettersTest {

    private final byte[] noPrompt = ("{\"schemaVersion\":1,\"eventId\":\"e\",\"jobId\":\"j\","
            + "\"occurredAt\":\"2026-11-22T10:15:30Z\",\"operation\":\"text-to-image\"}").getBytes(StandardCharsets.UTF_8);

    @Test
    void aRecordThatBreaksTheContractIsDeadLetteredWithItsFieldAndWhereItCameFrom() {
        MessageFormatException formatError = assertThrowsFormatError(
                () -> new ContractDeserializer().deserialize(Topics.JOBS.name(), noPrompt));
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>(Topics.JOBS.name(), 4, 1234L, "j", noPrompt);

        Headers headers = DeadLetters.reasonHeaders(record,
                new ListenerExecutionFailedException("listener failed",
                        new DeserializationException("failed to deserialize", noPrompt, false, formatError)));

        assertThat(text(headers, DlqHeaders.REASON)).isEqualTo("prompt: is required");
        assertThat(text(headers, DlqHeaders.FIELD)).isEqualTo("prompt");
        assertThat(text(headers, DlqHeaders.SOURCE_TOPIC)).isEqualTo("genpipe.jobs.v1");
        assertThat(text(headers, DlqHeaders.SOURCE_PARTITION)).isEqualTo("4");
        assertThat(text(headers, DlqHeaders.SOURCE_OFFSET)).isEqualTo("1234");
        assertThat(text(headers, DlqHeaders.CONSUMER_GROUP)).isEqualTo("unknown");
    }

    @Test
    void anyOtherFailureIsDeadLetteredWithItsRootCauseAndNoField() {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>(Topics.ATTEMPTS.name(), 0, 7L, "j", new byte[0]);

        Headers headers = DeadLetters.reasonHeaders(record, new ListenerExecutionFailedException("listener failed",
                new IllegalStateException("recording failed", new SQLTransientConnectionException("database is down"))));

        assertThat(text(headers, DlqHeaders.REASON)).isEqualTo("SQLTransientConnectionException: database is down");
        assertThat(headers.lastHeader(DlqHeaders.FIELD)).isNull();
    }

    @Test
    void theDeadLetterKeepsTheOriginalBytesOrWritesTheEventAsContractJson() {
        DeadLetterSerializer serializer = new DeadLetterSerializer();
        JobRequested job = JsonSerde.instance().read(
                new String(noPrompt, StandardCharsets.UTF_8).replace("}", ",\"prompt\":\"p\"}"), JobRequested.class);

        assertThat(serializer.serialize("genpipe.dlq.v1", noPrompt)).isSameAs(noPrompt);
        assertThat(serializer.serialize("genpipe.dlq.v1", "job-1")).isEqualTo("job-1".getBytes(StandardCharsets.UTF_8));
        assertThat(JsonSerde.instance().read(serializer.serialize("genpipe.dlq.v1", job), JobRequested.class)).isEqualTo(job);
    }

    @Test
    void aTopicThatIsNotGenpipesHasNoContractType() {
        assertThatThrownBy(() -> new ContractDeserializer().deserialize("someone.else", noPrompt))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("someone.else");
    }

    private static MessageFormatException assertThrowsFormatError(Runnable read) {
        try {
            read.run();
        } catch (MessageFormatException e) {
            return e;
        }
        throw new AssertionError("expected a MessageFormatException");
    }

    private static String text(Headers headers, String name) {
        return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
