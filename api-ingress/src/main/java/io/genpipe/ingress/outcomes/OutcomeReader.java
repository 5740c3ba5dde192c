package io.genpipe.ingress.outcomes;

import io.genpipe.contracts.event.JobOutcome;
import io.genpipe.contracts.json.JsonSerde;
import io.genpipe.contracts.json.MessageFormatException;
import io.genpipe.contracts.topic.Topics;
import io.genpipe.messaging.TopicPartitions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads {@code genpipe.outcomes.v1} for the jobs this instance waits on. Every instance needs the outcomes of its own
 * waiting callers, whichever partition they land in, so, like messaging's {@code CompactedTopicReader}, it assigns
 * itself every partition and belongs to no consumer group; unlike it, it starts at the present, not the beginning:
 * an outcome written before this instance started cannot be one a caller of it waits on.
 *
 * <p>"The present" is the wall-clock instant this reader was created, minus {@link #LOOKBACK}, turned into offsets
 * with the broker's time index, not the end offsets at whatever later moment the consumer first asks: the web server
 * may take requests before the reader has its partitions (or before the topic even exists), and an outcome written in
 * between must still be seen. The lookback absorbs clock skew with the router, which stamps the records.
 *
 * <p>A record it cannot read is skipped with a warning (its waiter, if any, then times out and gets the status URL);
 * the reader never stops for one. Only records someone waits on are parsed at all.
 */
public class OutcomeReader implements SmartLifecycle {

    /** How far before its start the reader looks, for clock skew between this host and the router's. */
    static final Duration LOOKBACK = Duration.ofSeconds(30);

    private static final Logger log = LoggerFactory.getLogger(OutcomeReader.class);
    private static final String TOPIC = Topics.OUTCOMES.name();
    private static final Duration CLOSE_TIMEOUT = Duration.ofMillis(500);

    private final OutcomeWaiters waiters;
    private final Map<String, Object> consumerConfig;
    private final Instant startFrom;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile Thread thread;

    /**
     * @param now the wall clock, as the broker's timestamps are (not the service's {@code Clock}, which tests fix
     *            in the future)
     */
    public OutcomeReader(OutcomeWaiters waiters, KafkaProperties kafka, Instant now) {
        this.waiters = waiters;
        this.startFrom = now.minus(LOOKBACK);
        this.consumerConfig = new HashMap<>(kafka.buildConsumerProperties());
        consumerConfig.remove(ConsumerConfig.GROUP_ID_CONFIG);
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerConfig.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        consumerConfig.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    }

    @Override
    public void start() {
        consumer = new KafkaConsumer<>(consumerConfig);
        thread = new Thread(this::run, "reader-" + TOPIC);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() {
        KafkaConsumer<String, byte[]> running = consumer;
        if (running != null) {
            running.wakeup();
        }
        Thread reader = thread;
        if (reader != null) {
            try {
                reader.join(Duration.ofSeconds(2).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        thread = null;
    }

    @Override
    public boolean isRunning() {
        return thread != null;
    }

    private void run() {
        KafkaConsumer<String, byte[]> reader = consumer;
        try {
            List<TopicPartition> partitions = TopicPartitions.await(reader, TOPIC, () -> true);
            reader.assign(partitions);
            startPositions(reader, partitions).forEach(reader::seek);
            while (!Thread.currentThread().isInterrupted()) {
                for (ConsumerRecord<String, byte[]> record : reader.poll(Duration.ofSeconds(1))) {
                    apply(record);
                }
            }
        } catch (WakeupException stopping) {
            log.debug("reader of {} stopped", TOPIC);
        } finally {
            // No group and no offsets to commit: nothing is lost by not waiting on a broker that may be gone.
            reader.close(CLOSE_TIMEOUT);
        }
    }

    /**
     * The first offset stamped at or after {@link #startFrom}; where there is none, the end offset taken before
     * asking, so a record written between the two questions is still read.
     */
    private Map<TopicPartition, Long> startPositions(KafkaConsumer<String, byte[]> reader,
                                                     List<TopicPartition> partitions) {
        Map<TopicPartition, Long> ends = reader.endOffsets(partitions);
        Map<TopicPartition, OffsetAndTimestamp> since = reader.offsetsForTimes(partitions.stream()
                .collect(Collectors.toMap(Function.identity(), partition -> startFrom.toEpochMilli())));
        Map<TopicPartition, Long> positions = new HashMap<>();
        for (TopicPartition partition : partitions) {
            OffsetAndTimestamp first = since.get(partition);
            positions.put(partition, first != null ? first.offset() : ends.get(partition));
        }
        return positions;
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        // The key is the job id (the topic's contract), so most records are passed over unread.
        if (record.key() == null || record.value() == null || !waiters.isWaiting(record.key())) {
            return;
        }
        JobOutcome outcome;
        try {
            outcome = JsonSerde.instance().read(record.value(), JobOutcome.class);
        } catch (MessageFormatException e) {
            log.warn("skipping unreadable outcome at {}-{}@{}: {}",
                    record.topic(), record.partition(), record.offset(), e.getMessage());
            return;
        }
        try {
            waiters.complete(outcome.jobId(), outcome);
        } catch (RuntimeException e) {
            // A waiter's own continuation failing is that request's problem; the other waiters still need this thread.
            log.error("completing the waiter of job {} failed", outcome.jobId(), e);
        }
    }
}
