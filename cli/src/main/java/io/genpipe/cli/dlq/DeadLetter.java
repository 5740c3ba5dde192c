package io.genpipe.cli.dlq;

import io.genpipe.contracts.topic.DlqHeaders;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * One record of the dead-letter topic: where it is there, where it came from, and why it was refused.
 *
 * @param source the record it was, as {@code topic/partition/offset}; several consumer groups refusing one record
 *               each send it here, and share this
 */
public record DeadLetter(int partition, long offset, Instant at, String key, byte[] value, String sourceTopic,
                         String source, String reason, String field, String group) {

    static DeadLetter of(ConsumerRecord<byte[], byte[]> record) {
        String topic = header(record, DlqHeaders.SOURCE_TOPIC);
        String source = topic + "/" + header(record, DlqHeaders.SOURCE_PARTITION) + "/"
                + header(record, DlqHeaders.SOURCE_OFFSET);
        return new DeadLetter(record.partition(), record.offset(), Instant.ofEpochMilli(record.timestamp()),
                record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8), record.value(), topic,
                source, header(record, DlqHeaders.REASON), header(record, DlqHeaders.FIELD),
                header(record, DlqHeaders.CONSUMER_GROUP));
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** One line for a terminal: where, when, what, why; never the value, which may be a user's prompt. */
    String line() {
        return partition + ":" + offset + "  " + at + "  " + sourceTopic + "  key=" + key + "  "
                + (field == null ? "" : field + ": ") + reason + "  (" + group + ")";
    }
}
