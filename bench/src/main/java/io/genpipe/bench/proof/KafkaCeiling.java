package io.genpipe.bench.proof;

import io.genpipe.bench.CpuUse;
import io.genpipe.bench.router.BenchKafka;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

/**
 * The ceiling the pipeline is compared with: how many records per second plain kafka-clients move through the very
 * broker the pipeline uses, one hop, no processing. A topic of its own with the pipeline's 6 partitions, records of
 * about a job's size (a 600-byte value, the {@code JobRequested} sample is 587), keyed like the pipeline's so they
 * spread over the partitions, and the producer settings every genpipe service keeps: acks=all, idempotent, and
 * otherwise Kafka's defaults (linger 5 ms, 16 KiB batches, no compression). Produce and consume are timed one after
 * the other, so each has the machine to itself (with the pipeline's services idle beside it).
 */
final class KafkaCeiling {

    static final String TOPIC = "bench.ceiling.v1";
    static final int PARTITIONS = 6;
    static final int VALUE_BYTES = 600;
    private static final Duration POLL = Duration.ofMillis(200);

    /**
     * @param records           measured records, produced then consumed
     * @param producedPerSecond records ÷ (first send → the last acknowledgement, i.e. {@code flush()} returned)
     * @param consumedPerSecond records ÷ (first poll → the last record in hand), reading them back from the broker
     */
    record Figures(int records, int valueBytes, double producedPerSecond, double consumedPerSecond,
                   CpuUse.Figures produceCpu, CpuUse.Figures consumeCpu) {
    }

    private KafkaCeiling() {
    }

    /** @param records measured records; a tenth as many go first, unmeasured, to warm up the JIT and the producer */
    static Figures measure(String bootstrap, int records, Duration timeout, PrintStream out) {
        BenchKafka.create(bootstrap, List.of(new NewTopic(TOPIC, PARTITIONS, (short) 1)));
        byte[] value = new byte[VALUE_BYTES];
        Arrays.fill(value, (byte) 'x');
        List<TopicPartition> partitions = IntStream.range(0, PARTITIONS)
                .mapToObj(partition -> new TopicPartition(TOPIC, partition)).toList();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig(bootstrap),
                new ByteArraySerializer(), new ByteArraySerializer());
             KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig(bootstrap),
                     new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            out.printf("%nceiling: %d records of %d bytes onto %s (%d partitions), acks=all, idempotent%n", records,
                    VALUE_BYTES, TOPIC, PARTITIONS);
            produce(producer, "warm-", Math.max(1, records / 10), value);
            // The measured records are read from where the warm-up ended; an assigned consumer fetches only in poll().
            consumer.assign(partitions);
            consumer.endOffsets(partitions).forEach(consumer::seek);

            CpuUse produceCpu = new CpuUse();
            long produceStarted = System.nanoTime();
            produce(producer, "job-", records, value);
            double produced = records / ((System.nanoTime() - produceStarted) / 1e9);
            CpuUse.Figures produceFigures = produceCpu.stop();
            out.printf("  produced %.0f msgs/s%n", produced);

            CpuUse consumeCpu = new CpuUse();
            long consumeStarted = System.nanoTime();
            long deadline = consumeStarted + timeout.toNanos();
            long consumedRecords = 0;
            while (consumedRecords < records) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("only " + consumedRecords + " of " + records
                            + " ceiling records were read back within " + timeout);
                }
                ConsumerRecords<byte[], byte[]> polled = consumer.poll(POLL);
                consumedRecords += polled.count();
            }
            double consumed = records / ((System.nanoTime() - consumeStarted) / 1e9);
            CpuUse.Figures consumeFigures = consumeCpu.stop();
            if (consumedRecords != records) {
                throw new IllegalStateException("read back " + consumedRecords + " ceiling records, sent " + records);
            }
            out.printf("  consumed %.0f msgs/s%n", consumed);
            return new Figures(records, VALUE_BYTES, produced, consumed, produceFigures, consumeFigures);
        }
    }

    /** Sends without waiting for each acknowledgement, then flushes: returns once every record is on the broker. */
    private static void produce(KafkaProducer<byte[], byte[]> producer, String keyPrefix, int records, byte[] value) {
        AtomicLong acknowledged = new AtomicLong();
        AtomicReference<Exception> firstError = new AtomicReference<>();
        for (int i = 0; i < records; i++) {
            byte[] key = (keyPrefix + i).getBytes(StandardCharsets.US_ASCII);
            producer.send(new ProducerRecord<>(TOPIC, key, value), (metadata, error) -> {
                if (error == null) {
                    acknowledged.incrementAndGet();
                } else {
                    firstError.compareAndSet(null, error);
                }
            });
        }
        producer.flush();
        if (firstError.get() != null || acknowledged.get() != records) {
            throw new IllegalStateException(acknowledged.get() + " of " + records + " ceiling records acknowledged",
                    firstError.get());
        }
    }

    private static Map<String, Object> producerConfig(String bootstrap) {
        return Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.CLIENT_ID_CONFIG, "proof-ceiling-producer");
    }

    /** No group: the partitions are assigned, so no join or rebalance is timed, and nothing is committed. */
    private static Map<String, Object> consumerConfig(String bootstrap) {
        return Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.CLIENT_ID_CONFIG, "proof-ceiling-consumer");
    }
}
