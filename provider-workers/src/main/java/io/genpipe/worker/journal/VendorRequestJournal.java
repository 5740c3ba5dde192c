package io.genpipe.worker.journal;

import io.genpipe.contracts.json.JsonSerde;
import io.genpipe.contracts.json.MessageFormatException;
import io.genpipe.contracts.topic.Topic;
import io.genpipe.contracts.topic.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * The durable journal of vendor calls: for each attempt a worker makes, the vendor requests it made and, once it
 * ended, its result, on the compacted topic {@code genpipe.vendor-requests.<provider>.v1}.
 *
 * <p>A journal record goes to the partition number of its dispatch, so the instance that owns dispatch partition
 * {@code p} finds everything about those jobs in journal partition {@code p}: when a dispatch partition is assigned
 * (a rebalance, a replacement after a crash), that journal partition is read to its end before any of its dispatches
 * runs. The records are kept in memory only for the assigned partitions, and a finished attempt only for
 * {@link JournalSettings#rememberFinished}.
 */
public final class VendorRequestJournal {

    private static final Logger log = LoggerFactory.getLogger(VendorRequestJournal.class);
    private static final Duration RESTORE_POLL = Duration.ofMillis(200);
    private static final Duration RESTORE_TIMEOUT = Duration.ofSeconds(30);
    /**
     * How long a journal topic the broker does not know yet is asked for again. At start the worker creates its
     * journal topics and is assigned its dispatch partitions at about the same moment, and a topic just created can
     * be missing from the metadata a new reader gets for a few hundred milliseconds.
     */
    private static final Duration TOPIC_WAIT = Duration.ofSeconds(15);
    private static final Duration TOPIC_RETRY = Duration.ofMillis(100);

    private final String instance;
    private final KafkaTemplate<String, Object> template;
    private final Map<String, Object> restoreConfig;
    private final JournalSettings settings;
    /** Provider to how long its unfinished calls are remembered; the configured retention for any other. */
    private final Map<String, Duration> retentions;
    private final Clock clock;
    private final JournalMeters meters;
    /** provider, then dispatch partition, then {@code jobId/attempt}. */
    private final Map<String, Map<Integer, Map<String, Remembered>>> index = new ConcurrentHashMap<>();

    public VendorRequestJournal(String instance, KafkaTemplate<String, Object> template,
                                Map<String, Object> consumerConfig, JournalSettings settings,
                                Map<String, Duration> retentions, Clock clock, JournalMeters meters) {
        this.instance = instance;
        this.template = template;
        this.restoreConfig = new HashMap<>(consumerConfig);
        restoreConfig.remove(ConsumerConfig.GROUP_ID_CONFIG);
        restoreConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        restoreConfig.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        restoreConfig.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        this.settings = settings;
        this.retentions = Map.copyOf(retentions);
        this.clock = clock;
        this.meters = meters;
    }

    /** The journal topic of one provider's worker group. */
    public static Topic<String, AttemptCalls> topic(String provider) {
        String dispatch = Topics.dispatch(provider).name(); // validates the name
        return new Topic<>(dispatch.replace("genpipe.dispatch.", "genpipe.vendor-requests."), String.class,
                AttemptCalls.class, "jobId/attempt");
    }

    /** What is known of an attempt: its calls, and its result once it ended; empty for one never seen. */
    public Optional<AttemptCalls> find(String provider, int partition, String jobId, int attempt) {
        Remembered remembered = partition(provider, partition).get(AttemptCalls.key(jobId, attempt));
        return Optional.ofNullable(remembered).map(Remembered::calls);
    }

    /** The journal of one attempt about to run: new, or resuming what an earlier run recorded. */
    public AttemptJournal open(String provider, int partition, String jobId, int attempt) {
        AttemptCalls known = find(provider, partition, jobId, attempt)
                .orElseGet(() -> AttemptCalls.started(jobId, attempt, provider, clock.instant()));
        return new AttemptJournal(this, provider, partition, known, instance, clock);
    }

    /** Writes a new version of an attempt's record; the future completes when the broker has it. */
    CompletableFuture<Void> write(String provider, int partition, AttemptCalls calls) {
        remember(provider, partition, calls);
        meters.written(provider, calls.result() != null);
        return template.send(topic(provider).name(), partition, calls.key(), calls).thenApply(sent -> null);
    }

    /**
     * Reads the journal partitions of newly assigned dispatch partitions to their end. It runs on the consumer
     * thread before the partitions' first records, so a dispatch seen again always finds what the last owner wrote.
     */
    public void restore(String provider, Collection<Integer> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        String name = topic(provider).name();
        long started = System.nanoTime();
        int restored = 0;
        try (KafkaConsumer<String, byte[]> reader = new KafkaConsumer<>(restoreConfig)) {
            List<Integer> existing = awaitPartitions(() -> reader.partitionsFor(name, RESTORE_TIMEOUT).stream()
                    .map(PartitionInfo::partition).toList(), TOPIC_WAIT, TOPIC_RETRY);
            List<TopicPartition> assigned = partitions.stream().filter(existing::contains)
                    .map(p -> new TopicPartition(name, p)).toList();
            if (assigned.size() < partitions.size()) {
                log.error("{} has partitions {} but dispatch partitions {} were assigned: it needs at least as many "
                        + "partitions as the dispatch topic, or calls of the others may be paid twice after a crash",
                        name, existing, partitions);
            }
            reader.assign(assigned);
            reader.seekToBeginning(assigned);
            Map<TopicPartition, Long> ends = reader.endOffsets(assigned);
            Instant now = clock.instant();
            long deadline = System.nanoTime() + RESTORE_TIMEOUT.toNanos();
            while (!caughtUp(reader, ends) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : reader.poll(RESTORE_POLL)) {
                    restored += apply(provider, record, now) ? 1 : 0;
                }
            }
            if (!caughtUp(reader, ends)) {
                log.error("{}: partitions {} not read to their end within {}; their calls may be made again", name,
                        partitions, RESTORE_TIMEOUT);
            }
        } catch (RuntimeException e) {
            log.error("could not read {} for partitions {}; their calls may be made again: {}", name, partitions,
                    e.toString());
        }
        log.info("journal {} partitions {}: {} attempts restored in {} ms", name, partitions, restored,
                Duration.ofNanos(System.nanoTime() - started).toMillis());
    }

    /**
     * The topic's partition numbers, asked again while the broker knows none (a topic just created), for at most
     * {@code wait}. A topic with partitions, even too few, is answered at once: waiting would not add any.
     */
    static List<Integer> awaitPartitions(Supplier<List<Integer>> partitions, Duration wait, Duration retry) {
        long deadline = System.nanoTime() + wait.toNanos();
        List<Integer> known = partitions.get();
        while (known.isEmpty() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(retry.toNanos());
            known = partitions.get();
        }
        return known;
    }

    /** The partitions went to another instance: what it writes from now on is its own. */
    public void forget(String provider, Collection<Integer> partitions) {
        Map<Integer, Map<String, Remembered>> byPartition = index.get(provider);
        if (byPartition != null) {
            partitions.forEach(byPartition::remove);
        }
    }

    /** Drops finished attempts remembered longer than the setting (and running ones older than the topic keeps). */
    public void sweep() {
        Instant now = clock.instant();
        index.values().forEach(byPartition -> byPartition.values()
                .forEach(entries -> entries.values().removeIf(entry -> !entry.forgetAt().isAfter(now))));
    }

    /** Attempts held in memory, for the gauge. */
    public int remembered() {
        return index.values().stream().flatMap(byPartition -> byPartition.values().stream())
                .mapToInt(Map::size).sum();
    }

    private boolean apply(String provider, ConsumerRecord<String, byte[]> record, Instant now) {
        if (record.value() == null) {
            partition(provider, record.partition()).remove(record.key());
            return false;
        }
        try {
            AttemptCalls calls = JsonSerde.instance().read(record.value(), AttemptCalls.class);
            if (forgetAt(provider, calls).isAfter(now)) {
                remember(provider, record.partition(), calls);
                return true;
            }
        } catch (MessageFormatException e) {
            log.warn("skipping unreadable journal record {}-{}@{}: {}", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
        }
        return false;
    }

    private void remember(String provider, int partition, AttemptCalls calls) {
        partition(provider, partition).put(calls.key(), new Remembered(calls, forgetAt(provider, calls)));
    }

    private Instant forgetAt(String provider, AttemptCalls calls) {
        return calls.recordedAt().plus(calls.result() != null ? settings.rememberFinished()
                : retentions.getOrDefault(provider, settings.retention()));
    }

    private Map<String, Remembered> partition(String provider, int partition) {
        return index.computeIfAbsent(provider, p -> new ConcurrentHashMap<>())
                .computeIfAbsent(partition, p -> new ConcurrentHashMap<>());
    }

    private static boolean caughtUp(KafkaConsumer<String, byte[]> reader, Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (reader.position(end.getKey()) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    private record Remembered(AttemptCalls calls, Instant forgetAt) {
    }
}
