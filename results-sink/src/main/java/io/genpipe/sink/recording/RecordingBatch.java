package io.genpipe.sink.recording;

import io.genpipe.contracts.json.MessageFormatException;
import io.genpipe.messaging.tracing.MessageTracing;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Records what one poll of a listener brought, in transactions of up to {@code genpipe.sink.events-per-transaction}
 * events, and commits the offsets only once the database holds them. A record either ends in the database or in the
 * DLQ, or it comes back with the next poll; nothing is skipped:
 * <ul>
 *   <li>A record that breaks the contract (it could not be read, or it is not this topic's event) goes to the DLQ
 *   with its reason, after the events before it are recorded; the events after it go on.</li>
 *   <li>The database cannot take writes now ({@link DatabaseFailures#isTransient}): the records from the failed
 *   transaction on are handed back ({@link Acknowledgment#nack(int, java.time.Duration)}), and the consumer pauses,
 *   still polling so that it keeps its partitions, for {@link DatabaseOutage}'s back-off.</li>
 *   <li>A transaction fails for any other reason: its events are tried one per transaction, so that only the one
 *   the database refuses goes to the DLQ.</li>
 * </ul>
 *
 * @param <E> the event this listener's topic carries
 */
final class RecordingBatch<E> {

    /** Writes events of one kind in one transaction; returns how many changed anything. */
    @FunctionalInterface
    interface Writer<E> {
        int write(List<E> events);
    }

    /**
     * A {@link Writer} that also records which trace each event belongs to: {@code traceIds.get(i)} is the W3C trace
     * id in event {@code i}'s record ({@code traceparent}), or null.
     */
    @FunctionalInterface
    interface TracedWriter<E> {
        int write(List<E> events, List<String> traceIds);
    }

    /** What a poll came to: events recorded, of which changed anything, and records sent to the DLQ. */
    record Tally(int recorded, int written, int deadLettered, boolean paused) {
    }

    private static final Logger log = LoggerFactory.getLogger(RecordingBatch.class);
    private static final LogAccessor LOG_ACCESSOR = new LogAccessor(RecordingBatch.class);

    private final Class<E> type;
    private final TracedWriter<E> writer;
    /** Whether the writer records trace ids: the headers are read only then. */
    private final boolean traced;
    private final int eventsPerTransaction;
    private final DatabaseOutage outage;
    private final ConsumerRecordRecoverer deadLetters;

    RecordingBatch(Class<E> type, Writer<E> writer, int eventsPerTransaction, DatabaseOutage outage,
                   ConsumerRecordRecoverer deadLetters) {
        this(type, (TracedWriter<E>) (events, traceIds) -> writer.write(events), false, eventsPerTransaction, outage,
                deadLetters);
    }

    RecordingBatch(Class<E> type, TracedWriter<E> writer, int eventsPerTransaction, DatabaseOutage outage,
                   ConsumerRecordRecoverer deadLetters) {
        this(type, writer, true, eventsPerTransaction, outage, deadLetters);
    }

    private RecordingBatch(Class<E> type, TracedWriter<E> writer, boolean traced, int eventsPerTransaction,
                           DatabaseOutage outage, ConsumerRecordRecoverer deadLetters) {
        this.type = type;
        this.writer = writer;
        this.traced = traced;
        this.eventsPerTransaction = eventsPerTransaction;
        this.outage = outage;
        this.deadLetters = deadLetters;
    }

    Tally record(List<ConsumerRecord<String, Object>> records, Acknowledgment ack) {
        Progress progress = new Progress(records, ack);
        for (int i = 0; i < records.size(); i++) {
            ConsumerRecord<String, Object> record = records.get(i);
            Object value = record.value();
            if (type.isInstance(value)) {
                progress.add(i, type.cast(value));
                if (progress.pending.size() == eventsPerTransaction && !progress.flush()) {
                    return progress.tally(true);
                }
                continue;
            }
            // Everything before a broken record is recorded first: if the database then fails, the records handed
            // back start after the dead letter, which is not sent twice.
            if (!progress.flush()) {
                return progress.tally(true);
            }
            deadLetters.accept(record, unreadable(record));
            progress.deadLettered++;
        }
        if (!progress.flush()) {
            return progress.tally(true);
        }
        ack.acknowledge();
        return progress.tally(false);
    }

    private RuntimeException unreadable(ConsumerRecord<String, Object> record) {
        DeserializationException cause = SerializationUtils.getExceptionFromHeader(record,
                SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, LOG_ACCESSOR);
        if (cause != null) {
            return cause;
        }
        String found = record.value() == null ? "a record without a value"
                : "a " + record.value().getClass().getSimpleName();
        return new MessageFormatException(MessageFormatException.Problem.UNKNOWN_TYPE, "type",
                "this topic carries " + type.getSimpleName() + " events, not " + found);
    }

    /** The events read but not yet recorded: records {@code [start, start + pending.size())} of the poll. */
    private final class Progress {

        private final List<ConsumerRecord<String, Object>> records;
        private final Acknowledgment ack;
        private final List<E> pending = new ArrayList<>();
        private int start;
        private int recorded;
        private int written;
        private int deadLettered;

        Progress(List<ConsumerRecord<String, Object>> records, Acknowledgment ack) {
            this.records = records;
            this.ack = ack;
        }

        void add(int index, E event) {
            if (pending.isEmpty()) {
                start = index;
            }
            pending.add(event);
        }

        /** Records the pending events; false when the database is unavailable and the rest was handed back. */
        boolean flush() {
            if (pending.isEmpty()) {
                return true;
            }
            try {
                written += writer.write(pending, traceIds(start, pending.size()));
                recorded += pending.size();
                outage.succeeded();
            } catch (RuntimeException failed) {
                if (DatabaseFailures.isTransient(failed)) {
                    ack.nack(start, outage.failed(type.getSimpleName(), failed));
                    return false;
                }
                if (!oneByOne()) {
                    return false;
                }
            }
            pending.clear();
            return true;
        }

        /** The trace ids of records {@code [from, from + n)}, each null when its record carries none. */
        private List<String> traceIds(int from, int n) {
            if (!traced) {
                return Collections.nCopies(n, null);
            }
            List<String> ids = new ArrayList<>(n);
            for (int k = from; k < from + n; k++) {
                ids.add(MessageTracing.traceIdOf(records.get(k).headers()));
            }
            return ids;
        }

        /** After a transaction failed for a reason of its own: each event alone, the one refused to the DLQ. */
        private boolean oneByOne() {
            for (int j = 0; j < pending.size(); j++) {
                try {
                    written += writer.write(List.of(pending.get(j)), traceIds(start + j, 1));
                    recorded++;
                } catch (RuntimeException failed) {
                    if (DatabaseFailures.isTransient(failed)) {
                        ack.nack(start + j, outage.failed(type.getSimpleName(), failed));
                        return false;
                    }
                    ConsumerRecord<String, Object> record = records.get(start + j);
                    log.warn("{}-{}@{}: the database refused the event ({}); it goes to the DLQ", record.topic(),
                            record.partition(), record.offset(), DatabaseOutage.summary(failed));
                    deadLetters.accept(record, failed);
                    deadLettered++;
                }
            }
            return true;
        }

        Tally tally(boolean paused) {
            return new Tally(recorded, written, deadLettered, paused);
        }
    }
}
