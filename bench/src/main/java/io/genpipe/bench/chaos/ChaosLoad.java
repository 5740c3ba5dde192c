package io.genpipe.bench.chaos;

import io.genpipe.contracts.topic.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The load of one chaos run, as a careful client sends it: batches through {@code POST /v1/batches} at a steady rate,
 * each retried with the same batch id until it is answered 202 (the ingress may be down, or die while answering:
 * the same id names the same jobs, so a retry never makes a second job). Poison records go straight to
 * {@code genpipe.jobs.v1} in between, as a broken producer would send them.
 */
final class ChaosLoad implements AutoCloseable {

    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private final URI ingress;
    private final String tenantKey;
    private final String runId;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final KafkaProducer<String, byte[]> poisonProducer;
    private final Set<String> accepted = ConcurrentHashMap.newKeySet();
    private final AtomicInteger retries = new AtomicInteger();
    private final AtomicInteger poisonSent = new AtomicInteger();
    private final AtomicInteger poisonFailed = new AtomicInteger();

    ChaosLoad(URI ingress, String tenantKey, String bootstrapServers, String runId) {
        this.ingress = ingress;
        this.tenantKey = tenantKey;
        this.runId = runId;
        poisonProducer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                // Through a broker restart: buffered and retried for up to two minutes.
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000),
                new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * Sends {@code jobs} jobs in batches of {@code batchSize}, batch i due at start + i × batchSize / rate; a batch
     * held up by a failure is sent as soon as it can be, and the rest catch up. Returns once every batch was accepted.
     */
    void run(int jobs, int batchSize, double rate, int poisonEvery, long startNanos) {
        long period = (long) (batchSize / rate * 1e9);
        int batches = (jobs + batchSize - 1) / batchSize;
        int poisonCarried = 0;
        for (int i = 0; i < batches; i++) {
            LockSupport.parkNanos(startNanos + i * period - System.nanoTime());
            int size = Math.min(batchSize, jobs - i * batchSize);
            String batchId = runId + "-b" + i;
            while (!submit(batchId, size)) {
                retries.incrementAndGet();
                LockSupport.parkNanos(RETRY_AFTER.toNanos());
            }
            poisonCarried += size;
            while (poisonCarried >= poisonEvery) {
                poisonCarried -= poisonEvery;
                poison();
            }
        }
        poisonProducer.flush();
    }

    /** @return whether the batch was accepted; false for what a retry may mend (no answer, 429, 5xx) */
    private boolean submit(String batchId, int size) {
        String prompts = IntStream.range(0, size).mapToObj(i -> "\"chaos portrait " + i + " of " + batchId + "\"")
                .collect(Collectors.joining(","));
        String body = "{\"batchId\":\"" + batchId + "\",\"prompts\":[" + prompts
                + "],\"params\":{\"width\":1024,\"height\":768}}";
        HttpRequest request = HttpRequest.newBuilder(ingress.resolve("/v1/batches"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + tenantKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException noAnswer) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        if (response.statusCode() == 202) {
            IntStream.rangeClosed(1, size).forEach(n -> accepted.add(batchId + "-" + n));
            return true;
        }
        if (response.statusCode() == 429 || response.statusCode() >= 500) {
            return false;
        }
        throw new IllegalStateException("batch " + batchId + " refused: HTTP " + response.statusCode() + " "
                + response.body());
    }

    private void poison() {
        int n = poisonSent.incrementAndGet();
        byte[] garbage = ("{\"schemaVersion\":1,\"poison\":" + n).getBytes(StandardCharsets.UTF_8);
        poisonProducer.send(new ProducerRecord<>(Topics.JOBS.name(), poisonKey(n), garbage), (metadata, error) -> {
            if (error != null) {
                poisonFailed.incrementAndGet();
            }
        });
    }

    String poisonKey(int n) {
        return "poison-" + runId + "-" + n;
    }

    String poisonPrefix() {
        return "poison-" + runId + "-";
    }

    List<String> acceptedJobs() {
        return List.copyOf(accepted);
    }

    int retries() {
        return retries.get();
    }

    int poisonSent() {
        return poisonSent.get() - poisonFailed.get();
    }

    @Override
    public void close() {
        poisonProducer.close(Duration.ofSeconds(10));
    }
}
