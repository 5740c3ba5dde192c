package io.genpipe.worker.dispatch;

import io.genpipe.contracts.event.AttemptDispatched;
import io.genpipe.contracts.event.AttemptFailed;
import io.genpipe.contracts.event.AttemptResult;
import io.genpipe.contracts.event.AttemptSucceeded;
import io.genpipe.contracts.event.FailureClass;
import io.genpipe.contracts.event.ImageParams;
import io.genpipe.contracts.json.JsonSerde;
import io.genpipe.contracts.topic.Topics;
import io.genpipe.infra.test.TestInfrastructure;
import io.genpipe.simulator.LatencyProfile;
import io.genpipe.simulator.Vendor;
import io.genpipe.simulator.VendorProfile;
import io.genpipe.worker.CatalogArgs;
import io.genpipe.worker.Dispatches;
import io.genpipe.worker.ProviderWorkersApplication;
import io.genpipe.worker.TopicReader;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Calls finish out of order, but offsets are committed in order: a worker that stops while an early call is
 * unfinished leaves that dispatch to be delivered again, even though later ones on its partition were done.
 */
class CommitOrderIT {

    private static final Clock CLOCK = Clock.systemUTC();

    private final TestInfrastructure infra = TestInfrastructure.shared();
    // A catalog provider of its own, so no other test's worker shares its consumer group.
    private final String provider = "fal-order-" + Long.toHexString(System.nanoTime());

    @AfterEach
    void healthyFal() {
        infra.simulator().profile(Vendor.FAL, VendorProfile.healthy());
    }

    @Test
    void aDispatchUnfinishedAtAStopIsDeliveredAgainThoughLaterOnesOnItsPartitionWereDone() throws Exception {
        infra.simulator().profile(Vendor.FAL,
                VendorProfile.healthy().withLatency(LatencyProfile.fixed(Duration.ofSeconds(8))));
        String slow = Dispatches.newJobId();
        String expired = Dispatches.newJobId();
        ConfigurableApplicationContext worker = startWorker(); // declares the topics the reader needs
        try (KafkaProducer<String, String> producer = producer();
             TopicReader attempts = new TopicReader(infra.kafkaBootstrapServers(), Topics.ATTEMPTS.name())) {
            try {
                long submitted = infra.simulator().requestCount(Vendor.FAL);
                RecordMetadata slowRecord = send(producer, slow, dispatch(slow, null, CLOCK.instant()));
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> infra.simulator().requestCount(Vendor.FAL) > submitted);

                // Behind it on the same partition (same key): its deadline has passed, so it ends at once.
                Instant now = CLOCK.instant();
                send(producer, slow, dispatch(expired, now.minusSeconds(1), now.minusSeconds(30)));
                assertThat(awaitResult(attempts, expired, AttemptFailed.class).failureClass())
                        .isEqualTo(FailureClass.TIMEOUT);
                assertThat(results(attempts, slow).toList()).as("the slow call is still running").isEmpty();

                worker.close(); // drains for 1 s only: the slow call is left unfinished

                assertThat(committed(new TopicPartition(slowRecord.topic(), slowRecord.partition())))
                        .as("nothing at or after the unfinished dispatch is committed")
                        .isLessThanOrEqualTo(slowRecord.offset());
            } finally {
                worker.close();
            }

            long submittedBeforeRestart = infra.simulator().requestCount(Vendor.FAL);
            ConfigurableApplicationContext restarted = startWorker();
            try {
                // The restarted worker resumes the request fal is still running (the journal has its id).
                assertThat(awaitResult(attempts, slow, AttemptSucceeded.class).jobId()).isEqualTo(slow);
                assertThat(infra.simulator().requestCount(Vendor.FAL)).isEqualTo(submittedBeforeRestart);
            } finally {
                restarted.close();
            }
        }
    }

    private ConfigurableApplicationContext startWorker() {
        List<String> args = new ArrayList<>(CatalogArgs.falProvider(provider, infra.simulator().baseUrl(Vendor.FAL),
                "GENPIPE_ORDER_IT_KEY"));
        args.addAll(List.of(
                "--spring.kafka.bootstrap-servers=" + infra.kafkaBootstrapServers(),
                "--server.port=0",
                "--genpipe.workers.instance=" + infra.uniqueName("order"),
                "--genpipe.workers.serve=" + provider,
                "--genpipe.workers.providers." + provider + ".options.poll-interval=50ms",
                "--genpipe.workers.drain-timeout=1s",
                "--GENPIPE_ORDER_IT_KEY=test-key"));
        return ProviderWorkersApplication.builder().run(args.toArray(String[]::new));
    }

    private AttemptDispatched dispatch(String jobId, Instant deadline, Instant now) {
        return Dispatches.dispatch(jobId, provider, "fal-ai/flux/schnell", "a lighthouse at dawn",
                ImageParams.defaults(), deadline, now);
    }

    private KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers()),
                new StringSerializer(), new StringSerializer());
    }

    private RecordMetadata send(KafkaProducer<String, String> producer, String key, AttemptDispatched dispatch)
            throws ExecutionException, InterruptedException {
        return producer.send(new ProducerRecord<>(Topics.dispatch(provider).name(), key,
                JsonSerde.instance().writeString(dispatch))).get();
    }

    private long committed(TopicPartition partition) throws ExecutionException, InterruptedException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                infra.kafkaBootstrapServers()))) {
            OffsetAndMetadata offset = admin.listConsumerGroupOffsets(DispatchConsumers.groupId(provider))
                    .partitionsToOffsetAndMetadata().get().get(partition);
            return offset == null ? 0 : offset.offset();
        }
    }

    /** The first result of that type for the job. */
    private static <R extends AttemptResult> R awaitResult(TopicReader attempts, String jobId, Class<R> type) {
        return await().atMost(Duration.ofSeconds(30))
                .until(() -> results(attempts, jobId).filter(type::isInstance).map(type::cast).findFirst(),
                        Optional::isPresent)
                .orElseThrow();
    }

    private static Stream<AttemptResult> results(TopicReader attempts, String jobId) {
        return attempts.poll().stream()
                .filter(record -> jobId.equals(record.key()))
                .map(record -> JsonSerde.instance().read(record.value(), AttemptResult.class));
    }
}
