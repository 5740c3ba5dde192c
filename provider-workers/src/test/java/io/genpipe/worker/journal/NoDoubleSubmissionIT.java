package io.genpipe.worker.journal;

import io.genpipe.contracts.event.AttemptDispatched;
import io.genpipe.contracts.event.AttemptResult;
import io.genpipe.contracts.event.AttemptSucceeded;
import io.genpipe.contracts.event.VendorCall;
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
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * No vendor paid twice: fal requests a worker submitted and then abandoned (it stopped with them in flight) are
 * resumed by the next owner of their partitions from the journal, not submitted again; and a dispatch seen again
 * after its attempt ended reports the recorded result without a call.
 */
class NoDoubleSubmissionIT {

    private static final Clock CLOCK = Clock.systemUTC();
    private static final int JOBS = 12;

    private final TestInfrastructure infra = TestInfrastructure.shared();
    // A catalog provider of its own, so no other test's worker shares its consumer group or journal.
    private final String provider = "fal-journal-" + Long.toHexString(System.nanoTime());

    @AfterEach
    void healthyFal() {
        infra.simulator().profile(Vendor.FAL, VendorProfile.healthy());
    }

    @Test
    void aReplacementResumesTheRequestsItsPredecessorSubmittedAndAReplayedDispatchCallsNoVendor() throws Exception {
        infra.simulator().profile(Vendor.FAL,
                VendorProfile.healthy().withLatency(LatencyProfile.fixed(Duration.ofSeconds(4))));
        List<AttemptDispatched> dispatches = IntStream.range(0, JOBS)
                .mapToObj(i -> Dispatches.dispatch(Dispatches.newJobId(), provider, "fal-ai/flux/schnell",
                        "a lighthouse at dawn", ImageParams.defaults(), CLOCK.instant().plusSeconds(120),
                        CLOCK.instant()))
                .toList();
        Set<String> jobs = dispatches.stream().map(AttemptDispatched::jobId).collect(Collectors.toSet());

        ConfigurableApplicationContext first = startWorker("first"); // declares the topics the readers need
        try (KafkaProducer<String, String> producer = producer();
             TopicReader attempts = new TopicReader(infra.kafkaBootstrapServers(), Topics.ATTEMPTS.name());
             TopicReader journal = new TopicReader(infra.kafkaBootstrapServers(),
                     VendorRequestJournal.topic(provider).name())) {
            long before = infra.simulator().requestCount(Vendor.FAL);
            try {
                for (AttemptDispatched dispatch : dispatches) {
                    send(producer, dispatch);
                }
                // Every request is at fal and in the journal: what a crash at any later moment finds.
                await().atMost(Duration.ofSeconds(30)).until(() -> submittedInJournal(journal).containsAll(jobs));
                assertThat(infra.simulator().requestCount(Vendor.FAL) - before).isEqualTo(JOBS);
            } finally {
                first.close(); // drains for 1 s only: every request is still running at fal
            }
            // Of this test's jobs: the topic is shared with the tests before it.
            assertThat(succeeded(attempts).keySet()).as("the first worker reported none")
                    .doesNotContainAnyElementsOf(jobs);

            ConfigurableApplicationContext second = startWorker("second");
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> succeeded(attempts).keySet().containsAll(jobs));
                assertThat(infra.simulator().requestCount(Vendor.FAL) - before)
                        .as("fal saw each request once").isEqualTo(JOBS);
                assertThat(jobs.stream().map(succeeded(attempts)::get))
                        .as("one call each: the submit, resumed by its fal id")
                        .allSatisfy(each -> assertThat(each.get(0).calls())
                                .singleElement()
                                .satisfies(call -> {
                                    assertThat(call.vendorRequestId()).isNotBlank();
                                    assertThat(call.outcome()).isEqualTo(VendorCall.Outcome.ANSWERED);
                                    assertThat(call.costUsd()).isEqualTo(each.get(0).costUsd());
                                }));

                // The router replays a decision: the same dispatch again, after its attempt ended.
                AttemptDispatched replayed = dispatches.get(0);
                AttemptSucceeded reported = succeeded(attempts).get(replayed.jobId()).get(0);
                send(producer, replayed);
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> succeeded(attempts).get(replayed.jobId()).size() == 2);
                assertThat(succeeded(attempts).get(replayed.jobId()).get(1).eventId())
                        .as("the recorded result, reported again").isEqualTo(reported.eventId());
                assertThat(infra.simulator().requestCount(Vendor.FAL) - before).isEqualTo(JOBS);
            } finally {
                second.close();
            }
        }
    }

    @Test
    void aSynchronousCallLostWithItsWorkerIsMadeAgainAndTheResultSaysOneWasLost() throws Exception {
        AttemptDispatched dispatch = Dispatches.dispatch(Dispatches.newJobId(), "openai", "gpt-image-2",
                "a lighthouse at dawn", ImageParams.defaults(), CLOCK.instant().plusSeconds(120), CLOCK.instant());
        startOpenAiWorker("declares-topics").close();
        try (KafkaProducer<String, String> producer = producer();
             TopicReader attempts = new TopicReader(infra.kafkaBootstrapServers(), Topics.ATTEMPTS.name())) {
            // What a worker killed during its OpenAI call left: the call journaled as going out, and no result.
            int partition = producer.partitionsFor(Topics.dispatch("openai").name()).size();
            partition = Utils.toPositive(Utils.murmur2(dispatch.jobId().getBytes(StandardCharsets.UTF_8))) % partition;
            AttemptCalls lost = new AttemptCalls(dispatch.jobId(), dispatch.attempt(), "openai",
                    List.of(new JournaledCall(0, null, "killed-worker", CLOCK.instant())), null, CLOCK.instant());
            producer.send(new ProducerRecord<>(VendorRequestJournal.topic("openai").name(), partition, lost.key(),
                    JsonSerde.instance().writeString(lost))).get();
            producer.send(new ProducerRecord<>(Topics.dispatch("openai").name(), dispatch.jobId(),
                    JsonSerde.instance().writeString(dispatch))).get();
            long before = infra.simulator().requestCount(Vendor.OPENAI);

            try (ConfigurableApplicationContext worker = startOpenAiWorker("replacement")) {
                await().atMost(Duration.ofSeconds(60)).until(() -> resultOf(attempts, dispatch.jobId()) != null);
                AttemptResult result = resultOf(attempts, dispatch.jobId());
                assertThat(result).isInstanceOf(AttemptSucceeded.class);
                assertThat(result.lostCalls()).as("the call the killed worker made, which OpenAI may bill")
                        .isEqualTo(1);
                // Priced before it was made, from what it asked: one 1024x1024 image at low quality is 272 output
                // tokens at $30 per million (0.00816), and the prompt's few input tokens at $5 per million.
                assertThat(result.lostCallsCostUsd()).as("what the lost call is expected to have cost")
                        .isBetween(new BigDecimal("0.00816"), new BigDecimal("0.0082"));
                assertThat(infra.simulator().requestCount(Vendor.OPENAI) - before).isEqualTo(1);
                // Both calls, each with its own id, so the sink's spend matches what OpenAI bills.
                assertThat(result.calls()).extracting(VendorCall::callId, VendorCall::instance, VendorCall::outcome)
                        .containsExactly(
                                tuple(dispatch.jobId() + "/1/0", "killed-worker", VendorCall.Outcome.LOST),
                                tuple(dispatch.jobId() + "/1/1", worker.getEnvironment()
                                        .getProperty("genpipe.workers.instance"), VendorCall.Outcome.ANSWERED));
                assertThat(result.calls().get(0).costUsd()).isEqualTo(result.lostCallsCostUsd());
                assertThat(result.calls().get(1).costUsd()).isEqualTo(result.costUsd());
            }
        }
    }

    private static AttemptResult resultOf(TopicReader attempts, String jobId) {
        return attempts.poll().stream()
                .filter(record -> jobId.equals(record.key()))
                .map(record -> JsonSerde.instance().read(record.value(), AttemptResult.class))
                .findFirst().orElse(null);
    }

    private ConfigurableApplicationContext startOpenAiWorker(String name) {
        return ProviderWorkersApplication.builder().run(
                "--genpipe.catalog.providers.openai.base-url=" + infra.simulator().baseUrl(Vendor.OPENAI),
                "--genpipe.catalog.providers.openai.api-key-env=GENPIPE_JOURNAL_IT_KEY",
                "--spring.kafka.bootstrap-servers=" + infra.kafkaBootstrapServers(),
                "--server.port=0",
                "--genpipe.workers.instance=" + infra.uniqueName(name),
                "--genpipe.workers.serve=openai",
                "--genpipe.workers.images.dir=target/images",
                "--genpipe.workers.drain-timeout=1s",
                "--GENPIPE_JOURNAL_IT_KEY=test-key");
    }

    private Set<String> submittedInJournal(TopicReader journal) {
        return journal.poll().stream()
                .filter(record -> record.value() != null)
                .map(record -> JsonSerde.instance().read(record.value(), AttemptCalls.class))
                .filter(calls -> calls.calls().stream().anyMatch(JournaledCall::resumable))
                .map(AttemptCalls::jobId)
                .collect(Collectors.toSet());
    }

    private static Map<String, List<AttemptSucceeded>> succeeded(TopicReader attempts) {
        return attempts.poll().stream()
                .map(record -> JsonSerde.instance().read(record.value(), AttemptResult.class))
                .filter(AttemptSucceeded.class::isInstance)
                .map(AttemptSucceeded.class::cast)
                .collect(Collectors.groupingBy(AttemptSucceeded::jobId));
    }

    private ConfigurableApplicationContext startWorker(String name) {
        List<String> args = new ArrayList<>(CatalogArgs.falProvider(provider, infra.simulator().baseUrl(Vendor.FAL),
                "GENPIPE_JOURNAL_IT_KEY"));
        args.addAll(List.of(
                "--spring.kafka.bootstrap-servers=" + infra.kafkaBootstrapServers(),
                "--server.port=0",
                "--genpipe.workers.instance=" + infra.uniqueName(name),
                "--genpipe.workers.serve=" + provider,
                "--genpipe.workers.providers." + provider + ".options.poll-interval=100ms",
                "--genpipe.workers.drain-timeout=1s",
                "--GENPIPE_JOURNAL_IT_KEY=test-key"));
        return ProviderWorkersApplication.builder().run(args.toArray(String[]::new));
    }

    private KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers()),
                new StringSerializer(), new StringSerializer());
    }

    private void send(KafkaProducer<String, String> producer, AttemptDispatched dispatch)
            throws ExecutionException, InterruptedException {
        producer.send(new ProducerRecord<>(Topics.dispatch(provider).name(), dispatch.jobId(),
                JsonSerde.instance().writeString(dispatch))).get();
    }
}
