package io.genpipe.router.streams;

import io.genpipe.contracts.topic.Topics;
import io.genpipe.messaging.DeadLetters;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;

/**
 * The messaging module's dead-letter policy, for the router's topology: a record that cannot be read, or whose
 * routing threw, goes to {@code genpipe.dlq.v1} with its original bytes and the same headers every genpipe consumer
 * writes, and the router moves on to the next record. Kafka Streams makes these by class name, hence no Spring here.
 */
public final class DeadLetterHandler implements DeserializationExceptionHandler, ProcessingExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterHandler.class);

    private String group = "unknown";

    @Override
    public void configure(Map<String, ?> configs) {
        Object applicationId = configs.get(StreamsConfig.APPLICATION_ID_CONFIG);
        if (applicationId != null) {
            group = applicationId.toString();
        }
    }

    @Override
    public DeserializationExceptionHandler.Response handleError(ErrorHandlerContext context,
                                                                ConsumerRecord<byte[], byte[]> record,
                                                                Exception exception) {
        log.warn("dead-lettering {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                exception.getMessage());
        return DeserializationExceptionHandler.Response.resume(List.of(deadLetter(context, record.key(),
                record.value(), exception)));
    }

    @Override
    public ProcessingExceptionHandler.Response handleError(ErrorHandlerContext context, Record<?, ?> record,
                                                           Exception exception) {
        // Not the record's fault as far as anyone knows: a defect. Logged whole, and the record kept in the DLQ.
        if (context.topic() == null) { // a timer's work, not a record's: nothing to dead-letter, the timer comes again
            log.error("the router's timer failed; it runs again at its next interval", exception);
            return ProcessingExceptionHandler.Response.resume();
        }
        log.error("routing failed for {}-{}@{}; dead-lettered", context.topic(), context.partition(),
                context.offset(), exception);
        return ProcessingExceptionHandler.Response.resume(List.of(deadLetter(context, context.sourceRawKey(),
                context.sourceRawValue(), exception)));
    }

    private ProducerRecord<byte[], byte[]> deadLetter(ErrorHandlerContext context, byte[] key, byte[] value,
                                                      Exception exception) {
        return new ProducerRecord<>(Topics.DLQ.name(), null, key, value,
                DeadLetters.headers(context.topic(), context.partition(), context.offset(), group, exception));
    }
}
