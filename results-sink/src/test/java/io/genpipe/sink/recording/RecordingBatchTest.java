package io.genpipe.sink.recording;

import io.genpipe.contracts.json.MessageFormatException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;

import java.nio.charset.StandardCharsets;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** How one poll's records end: recorded, in the DLQ, or handed back to wait for the database. */
class RecordingBatchTest {

    private final List<List<String>> transactions = new ArrayList<>();
    private final List<ConsumerRecord<?, ?>> deadLetters = new ArrayList<>();
    private final List<Exception> deadLetterReasons = new ArrayList<>();
    private final Ack ack = new Ack();
    private final DatabaseOutage outage = new DatabaseOutage(new SinkSettings(30_000, 3,
            new SinkSettings.Backoff(Duration.ofSeconds(1), Duration.ofSeconds(8))), Clock.systemUTC(),
            new SimpleMeterRegistry());

    /** Fails every transaction that contains an event the predicate picks. */
    private Predicate<String> refuses = event -> false;
    private RuntimeException failure = new DataIntegrityViolationException("violates check constraint");

    @Test
    void aPollIsRecordedInTransactionsOfTheConfiguredSizeAndThenCommitted() {
        RecordingBatch.Tally tally = batch().record(records("a", "b", "c", "d", "e", "f", "g"), ack);

        assertThat(transactions).containsExactly(List.of("a", "b", "c"), List.of("d", "e", "f"), List.of("g"));
        assertThat(ack.acknowledged).isTrue();
        assertThat(tally).isEqualTo(new RecordingBatch.Tally(7, 7, 0, false));
    }

    @Test
    void aBrokenRecordGoesToTheDlqAfterTheEventsBeforeItAndTheRestGoOn() {
        List<ConsumerRecord<String, Object>> records = records("a", "b", null, "d");
        records.set(2, unreadable(2));

        RecordingBatch.Tally tally = batch().record(records, ack);

        assertThat(transactions).containsExactly(List.of("a", "b"), List.of("d"));
        assertThat(deadLetters).extracting(ConsumerRecord::offset).containsExactly(2L);
        assertThat(deadLetterReasons.get(0)).isInstanceOf(DeserializationException.class);
        assertThat(ack.acknowledged).isTrue();
        assertThat(tally.deadLettered()).isEqualTo(1);
    }

    @Test
    void aRecordOfAnotherEventGoesToTheDlqWithTheFieldAtFault() {
        List<ConsumerRecord<String, Object>> records = records("a");
        records.add(new ConsumerRecord<>("genpipe.jobs.v1", 0, 1, "k", 42));

        batch().record(records, ack);

        assertThat(deadLetterReasons).singleElement().isInstanceOfSatisfying(MessageFormatException.class,
                e -> assertThat(e.field()).isEqualTo("type"));
    }

    @Test
    void whileTheDatabaseIsDownTheRecordsFromTheFailedTransactionOnAreHandedBackAndNothingIsDeadLettered() {
        refuses = Set.of("e")::contains;
        failure = new CannotGetJdbcConnectionException("no connection",
                new SQLTransientConnectionException("request timed out after 3000ms"));

        RecordingBatch.Tally tally = batch().record(records("a", "b", "c", "d", "e", "f", "g"), ack);

        assertThat(transactions).containsExactly(List.of("a", "b", "c"));
        assertThat(ack.nackedAt).isEqualTo(3); // a, b and c are committed; d on come back
        assertThat(ack.nackSleep).isEqualTo(Duration.ofSeconds(1));
        assertThat(ack.acknowledged).isFalse();
        assertThat(deadLetters).isEmpty();
        assertThat(tally.paused()).isTrue();
        assertThat(outage.health().getStatus().getCode()).isEqualTo("DOWN");

        Ack second = new Ack();
        batch().record(records("d", "e"), second);
        assertThat(second.nackSleep).as("the wait doubles while the outage lasts").isEqualTo(Duration.ofSeconds(2));

        refuses = event -> false;
        Ack third = new Ack();
        batch().record(records("d", "e"), third);
        assertThat(third.acknowledged).isTrue();
        assertThat(outage.health().getStatus().getCode()).isEqualTo("UP");
    }

    @Test
    void aTransactionTheDatabaseRefusesIsRetriedEventByEventAndOnlyTheRefusedOneIsDeadLettered() {
        refuses = Set.of("b")::contains;

        RecordingBatch.Tally tally = batch().record(records("a", "b", "c", "d"), ack);

        assertThat(transactions).containsExactly(List.of("a"), List.of("c"), List.of("d"));
        assertThat(deadLetters).extracting(ConsumerRecord::offset).containsExactly(1L);
        assertThat(deadLetterReasons).singleElement().isSameAs(failure);
        assertThat(ack.acknowledged).isTrue();
        assertThat(tally).isEqualTo(new RecordingBatch.Tally(3, 3, 1, false));
    }

    @Test
    void theDatabaseGoingDownDuringTheRetryEventByEventHandsBackFromThatEvent() {
        refuses = Set.of("b")::contains;
        RecordingBatch<String> batch = new RecordingBatch<>(String.class, events -> {
            if (events.size() == 1 && events.get(0).equals("c")) {
                throw new CannotGetJdbcConnectionException("gone", new SQLTransientConnectionException("timeout"));
            }
            return write(events);
        }, 3, outage, this::deadLetter);

        batch.record(records("a", "b", "c", "d"), ack);

        assertThat(deadLetters).extracting(ConsumerRecord::offset).containsExactly(1L);
        assertThat(ack.nackedAt).isEqualTo(2);
    }

    @Test
    void writtenCountsOnlyTheEventsThatChangedSomething() {
        RecordingBatch<String> batch = new RecordingBatch<>(String.class,
                events -> (int) events.stream().filter(e -> !e.startsWith("again")).count(), 10, outage,
                this::deadLetter);

        assertThat(batch.record(records("a", "again-a", "b"), ack)).isEqualTo(new RecordingBatch.Tally(3, 2, 0, false));
    }

    private RecordingBatch<String> batch() {
        return new RecordingBatch<>(String.class, this::write, 3, outage, this::deadLetter);
    }

    private int write(List<String> events) {
        if (events.stream().anyMatch(refuses)) {
            throw failure;
        }
        transactions.add(List.copyOf(events));
        return events.size();
    }

    private void deadLetter(ConsumerRecord<?, ?> record, Exception reason) {
        deadLetters.add(record);
        deadLetterReasons.add(reason);
    }

    private static List<ConsumerRecord<String, Object>> records(String... events) {
        List<ConsumerRecord<String, Object>> records = new ArrayList<>();
        for (int i = 0; i < events.length; i++) {
            records.add(new ConsumerRecord<>("genpipe.jobs.v1", 0, i, "k" + i, events[i]));
        }
        return records;
    }

    /** A record the ErrorHandlingDeserializer could not read: no value, the failure in a header. */
    private static ConsumerRecord<String, Object> unreadable(long offset) {
        ConsumerRecord<String, Object> record = new ConsumerRecord<>("genpipe.jobs.v1", 0, offset, "k", null);
        byte[] data = "{not json".getBytes(StandardCharsets.UTF_8);
        SerializationUtils.deserializationException(record.headers(), data,
                new DeserializationException("failed to deserialize", data, false,
                        MessageFormatException.invalid("jobId", "not JSON")), false);
        return record;
    }

    private static final class Ack implements Acknowledgment {
        boolean acknowledged;
        Integer nackedAt;
        Duration nackSleep;

        @Override
        public void acknowledge() {
            acknowledged = true;
        }

        @Override
        public void nack(int index, Duration sleep) {
            nackedAt = index;
            nackSleep = sleep;
        }
    }
}
