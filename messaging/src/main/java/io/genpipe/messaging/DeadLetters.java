package io.genpipe.messaging;

import io.genpipe.contracts.json.MessageFormatException;
import io.genpipe.contracts.topic.DlqHeaders;
import io.genpipe.contracts.topic.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.KafkaUtils;
import org.springframework.util.backoff.ExponentialBackOff;

import java.nio.charset.StandardCharsets;

/**
 * The one error-handling policy of every genpipe consumer: a record that breaks the contract goes to
 * {@code genpipe.dlq.v1} at once, with the reason and the field in headers; a record whose processing failed
 * for another reason is retried with back-off first. Either way the consumer moves on to the next record.
 */
public final class DeadLetters {

    private final KafkaOperations<Object, Object> deadLetterTemplate;
    private final MessagingSettings.Retry retry;

    public DeadLetters(KafkaOperations<Object, Object> deadLetterTemplate, MessagingSettings.Retry retry) {
        this.deadLetterTemplate = deadLetterTemplate;
        this.retry = retry;
    }

    /**
     * A new handler with this policy. The services' listener containers share one (Boot wires it in); a
     * container that needs its own settings, such as not committing a recovered record, takes a fresh one.
     */
    public DefaultErrorHandler newErrorHandler() {
        DeadLetterPublishingRecoverer recoverer = newRecoverer();

        ExponentialBackOff backOff = new ExponentialBackOff(retry.initialInterval().toMillis(), 2.0);
        backOff.setMaxInterval(retry.maxInterval().toMillis());
        backOff.setMaxAttempts(retry.maxAttempts());

        DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, backOff);
        handler.addNotRetryableExceptions(MessageFormatException.class);
        return handler;
    }

    /**
     * Sends one record to the DLQ with this policy's headers and waits for the broker's ack (it throws if the send
     * fails, so the record is not committed as handled). For a consumer that handles its broken records itself, such
     * as a batch listener; a record that could not be read goes out with its original bytes.
     */
    public DeadLetterPublishingRecoverer newRecoverer() {
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(deadLetterTemplate,
                // Partition -1 lets the producer choose: the DLQ need not have as many partitions as the source.
                (record, exception) -> new TopicPartition(Topics.DLQ.name(), -1));
        recoverer.setHeadersFunction(DeadLetters::reasonHeaders);
        // The reason and field headers say what an operator needs; spring-kafka's stack trace (about 4 KB a record)
        // says where in genpipe's code it was found, which the service's log already has.
        recoverer.excludeHeader(DeadLetterPublishingRecoverer.HeaderNames.HeadersToAdd.EX_STACKTRACE);
        return recoverer;
    }

    static Headers reasonHeaders(ConsumerRecord<?, ?> record, Exception exception) {
        String group = KafkaUtils.getConsumerGroupId();
        return headers(record.topic(), record.partition(), record.offset(), group == null ? "unknown" : group,
                exception);
    }

    /**
     * The headers of a dead letter: why, the field at fault when the contract names one, and where the record came
     * from. Public for consumers that are not listener containers (the router's Kafka Streams topology).
     */
    public static Headers headers(String topic, int partition, long offset, String group, Exception exception) {
        Headers headers = new RecordHeaders();
        MessageFormatException formatError = find(exception, MessageFormatException.class);
        // A contract error speaks the contract's terms ("prompt: is required"); anything else is a bug or an outage
        // in the consumer, where the exception's type is what an operator needs first.
        Throwable root = rootCause(exception);
        add(headers, DlqHeaders.REASON, formatError != null ? formatError.getMessage()
                : root.getClass().getSimpleName() + ": " + root.getMessage());
        if (formatError != null && formatError.field() != null) {
            add(headers, DlqHeaders.FIELD, formatError.field());
        }
        add(headers, DlqHeaders.SOURCE_TOPIC, topic);
        add(headers, DlqHeaders.SOURCE_PARTITION, Integer.toString(partition));
        add(headers, DlqHeaders.SOURCE_OFFSET, Long.toString(offset));
        add(headers, DlqHeaders.CONSUMER_GROUP, group);
        return headers;
    }

    private static <T extends Throwable> T find(Throwable error, Class<T> type) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static Throwable rootCause(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    private static void add(Headers headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
