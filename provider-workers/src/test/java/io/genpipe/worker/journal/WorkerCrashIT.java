package io.genpipe.worker.journal;

import io.genpipe.contracts.event.AttemptDispatched;
import io.genpipe.contracts.event.AttemptFailed;
import io.genpipe.contracts.event.AttemptResult;
import io.genpipe.contracts.event.ImageParams;
import io.genpipe.contracts.json.JsonSerde;
import io.genpipe.contracts.topic.Topics;
import io.genpipe.infra.test.TestInfrastructure;
import io.genpipe.simulator.LatencyProfile;
import io.genpipe.simulator.Vendor;
import io.genpipe.simulator.VendorProfile;
import io.genpipe.worker.CatalogArgs;
import io.genpipe.worker.Dispatches;
import io.genpipe.worker.TopicReader;
import io.genpipe.worker.WorkerJvms;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A worker JVM killed with SIGKILL while its fal requests run at the vendor: the replacement JVM resumes every
 * request from the journal, so each job's attempt succeeds and fal sees each request submitted exactly once.
 */
class WorkerCrashIT {

    private static final Clock CLOCK = Clock.systemUTC();
    private static final int JOBS = 40;
    private static final Duration RECOVERY = Duration.ofSeconds(90);

    private final TestInfrastructure infra = TestInfrastructure.shared();
    private final String provider = "fal-crash-" + Long.toHexString(System.nanoTime());
    private final WorkerJvms workers = new WorkerJvms();

    @AfterEach
    void stop() {
        workers.close();
        infra.simulator().profile(Vendor.FAL, VendorProfile.healthy());
    }

    @Test
    void aReplacementForAKilledWorkerResumesItsFalRequestsWithoutSubmittingAgain() throws Exception {
        // Long enough that every request is still running at fal when the worker dies.
        infra.simulator().profile(Vendor.FAL,
                VendorProfile.healthy().withLatency(LatencyProfile.fixed(Duration.ofSeconds(6))));
        List<AttemptDispatched> dispatches = IntStream.range(0, JOBS)
                .mapToObj(i -> Dispatches.dispatch(Dispatches.newJobId(), provider, "fal-ai/flux/schnell",
                        "a lighthouse at dawn", ImageParams.defaults(), CLOCK.instant().plusSeconds(180),
                        CLOCK.instant()))
                .toList();
        Set<String> jobs = dispatches.stream().map(AttemptDispatched::jobId).collect(Collectors.toSet());

        Process first = startWorker("first");
        awaitTopics(Topics.dispatch(provider).name(), VendorRequestJournal.topic(provider).name());
        long before = infra.simulator().requestCount(Vendor.FAL);
        try (KafkaProducer<String, String> producer = producer();
             TopicReader attempts = new TopicReader(infra.kafkaBootstrapServers(), Topics.ATTEMPTS.name());
             TopicReader journal = new TopicReader(infra.kafkaBootstrapServers(),
                     VendorRequestJournal.topic(provider).name())) {
            for (AttemptDispatched dispatch : dispatches) {
                producer.send(new ProducerRecord<>(Topics.dispatch(provider).name(), dispatch.jobId(),
                        JsonSerde.instance().writeString(dispatch)));
            }
            producer.flush();
            await().atMost(RECOVERY).until(() -> submittedInJournal(journal).containsAll(jobs));

            first.destroyForcibly().waitFor(); // SIGKILL: no drain, no tombstones, nothing committed
            startWorker("second");

            await().atMost(RECOVERY).until(() -> resultsOf(attempts, jobs).keySet().containsAll(jobs));
            Map<String, List<AttemptResult>> results = resultsOf(attempts, jobs);
            assertThat(results.values()).allSatisfy(each ->
                    assertThat(each).noneMatch(AttemptFailed.class::isInstance));
            assertThat(infra.simulator().requestCount(Vendor.FAL) - before)
                    .as("fal submissions: each request once, none again after the crash").isEqualTo(JOBS);
        }
    }

    private static Set<String> submittedInJournal(TopicReader journal) {
        return journal.poll().stream()
                .filter(record -> record.value() != null)
                .map(record -> JsonSerde.instance().read(record.value(), AttemptCalls.class))
                .filter(calls -> calls.calls().stream().anyMatch(JournaledCall::resumable))
                .map(AttemptCalls::jobId)
                .collect(Collectors.toSet());
    }

    private static Map<String, List<AttemptResult>> resultsOf(TopicReader attempts, Set<String> jobs) {
        return attempts.poll().stream()
                .filter(record -> jobs.contains(record.key()))
                .map(record -> JsonSerde.instance().read(record.value(), AttemptResult.class))
                .collect(Collectors.groupingBy(AttemptResult::jobId));
    }

    private void awaitTopics(String... names) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                infra.kafkaBootstrapServers()))) {
            await().atMost(RECOVERY).until(() -> admin.listTopics().names().get().containsAll(List.of(names)));
        }
    }

    /** A worker in a JVM of its own, with a short session so the group soon gives the dead one's partitions away. */
    private Process startWorker(String name) throws IOException {
        List<String> args = new ArrayList<>(CatalogArgs.falProvider(provider, infra.simulator().baseUrl(Vendor.FAL),
                "GENPIPE_CRASH_IT_KEY"));
        args.addAll(List.of(
                "--spring.kafka.bootstrap-servers=" + infra.kafkaBootstrapServers(),
                "--server.port=0",
                "--genpipe.workers.instance=" + infra.uniqueName(name),
                "--genpipe.workers.serve=" + provider,
                "--genpipe.workers.providers." + provider + ".options.poll-interval=200ms",
                "--spring.kafka.consumer.properties.session.timeout.ms=6000",
                "--spring.kafka.consumer.properties.heartbeat.interval.ms=1000",
                "--GENPIPE_CRASH_IT_KEY=test-key"));
        return workers.start("worker-crash-" + name, args);
    }

    private KafkaProducer<String, String> producer() {
        // One request in flight: the topics are brand new, and an idempotent producer whose first batch to a partition
        // fails (no leader yet) while later ones go on is refused OUT_OF_ORDER_SEQUENCE_NUMBER until it times out.
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers(),
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1),
                new StringSerializer(), new StringSerializer());
    }
}
