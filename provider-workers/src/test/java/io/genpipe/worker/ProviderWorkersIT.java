package io.genpipe.worker;

import io.genpipe.contracts.event.AttemptDispatched;
import io.genpipe.contracts.event.AttemptFailed;
import io.genpipe.contracts.event.AttemptResult;
import io.genpipe.contracts.event.AttemptSucceeded;
import io.genpipe.contracts.event.FailureClass;
import io.genpipe.contracts.event.HealthState;
import io.genpipe.contracts.event.ImageParams;
import io.genpipe.contracts.event.ModelLifecycleReported;
import io.genpipe.contracts.event.ProviderHealth;
import io.genpipe.contracts.json.JsonSerde;
import io.genpipe.contracts.topic.DlqHeaders;
import io.genpipe.contracts.topic.Topics;
import io.genpipe.infra.test.TestInfrastructure;
import io.genpipe.simulator.Vendor;
import io.genpipe.simulator.VendorProfile;
import io.genpipe.simulator.LatencyProfile;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service against a real broker and the vendor simulator: dispatches in, attempt results and provider
 * health out.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=provider-workers",
        "logging.level.org.apache.kafka=WARN",
        "logging.level.kafka=WARN",
        "logging.level.state.change.logger=WARN",
        // What the providers are is catalog data; how this service runs them is its own.
        "genpipe.catalog.providers.fal.api-key-env=GENPIPE_IT_FAL_KEY",
        "genpipe.catalog.providers.openai.api-key-env=GENPIPE_IT_OPENAI_KEY",
        "genpipe.workers.providers.fal.options.poll-interval=50ms",
        "genpipe.workers.circuit-breaker.wait-in-open=2s",
        "genpipe.workers.health.heartbeat=1s",
})
@ExtendWith(OutputCaptureExtension.class)
class ProviderWorkersIT {

    private static final TestInfrastructure infra = TestInfrastructure.shared();
    private static final String INSTANCE = infra.uniqueName("worker");
    // Read by the service through its Environment, as it would read FAL_KEY from the process environment.
    private static final String FAL_KEY = "fal-key-" + UUID.randomUUID();
    private static final String OPENAI_KEY = "sk-it-" + UUID.randomUUID();
    private static final Path IMAGES = temporaryDirectory();
    private static final Clock CLOCK = Clock.systemUTC();

    private static KafkaProducer<String, String> producer;
    private static TopicReader attempts;
    private static TopicReader health;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", infra::kafkaBootstrapServers);
        registry.add("genpipe.workers.instance", () -> INSTANCE);
        registry.add("genpipe.catalog.providers.fal.base-url", () -> infra.simulator().baseUrl(Vendor.FAL).toString());
        registry.add("genpipe.catalog.providers.openai.base-url",
                () -> infra.simulator().baseUrl(Vendor.OPENAI).toString());
        registry.add("GENPIPE_IT_FAL_KEY", () -> FAL_KEY);
        registry.add("GENPIPE_IT_OPENAI_KEY", () -> OPENAI_KEY);
        registry.add("genpipe.workers.images.dir", IMAGES::toString);
    }

    @BeforeAll
    static void clients() {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers()),
                new StringSerializer(), new StringSerializer());
    }

    @AfterAll
    static void closeClients() {
        producer.close(Duration.ofSeconds(5));
        if (attempts != null) {
            attempts.close();
            health.close();
        }
    }

    @AfterEach
    void healthyVendors() {
        // The simulator is shared by every IT of this JVM.
        infra.simulator().profile(Vendor.FAL, VendorProfile.healthy());
        infra.simulator().profile(Vendor.OPENAI, VendorProfile.healthy());
    }

    @Test
    void aFalDispatchYieldsASucceededAttemptWithImagesAndCost() {
        String jobId = Dispatches.newJobId();
        dispatch(Dispatches.falDispatch(jobId, CLOCK.instant().plusSeconds(60), CLOCK.instant()));

        AttemptSucceeded succeeded = (AttemptSucceeded) awaitAttempt(jobId);

        assertThat(succeeded.provider()).isEqualTo("fal");
        assertThat(succeeded.model()).isEqualTo("fal-ai/flux/schnell");
        assertThat(succeeded.images()).hasSize(2).allSatisfy(image -> {
            assertThat(image.uri()).startsWith(infra.simulator().baseUrl(Vendor.FAL) + "/files/");
            assertThat(image.width()).isEqualTo(1024);
            assertThat(image.height()).isEqualTo(768);
        });
        assertThat(succeeded.costUsd()).isEqualByComparingTo("0.0045"); // 2 x 0.75 MP x $0.003
        assertThat(succeeded.latencyMs()).isPositive();
    }

    @Test
    void anAttemptGoesOnWithItsDispatchsTraceAndLogsOneRequestLineWithTheJobAndTraceIds(CapturedOutput output) {
        String jobId = Dispatches.newJobId();
        String traceId = "0af7651916cd43dd8448eb211c80319c";
        ProducerRecord<String, String> record = new ProducerRecord<>(Topics.dispatch("fal").name(), jobId,
                JsonSerde.instance().writeString(Dispatches.falDispatch(jobId, null, CLOCK.instant())));
        record.headers().add("traceparent", ("00-" + traceId + "-b7ad6b7169203331-01").getBytes(UTF_8));
        producer.send(record);
        producer.flush();

        awaitAttempt(jobId);

        // fal answers on another thread than the one the dispatch came on: the result is still the trace's.
        ConsumerRecord<String, String> result = attempts().poll().stream()
                .filter(r -> jobId.equals(r.key())).findFirst().orElseThrow();
        String traceparent = new String(result.headers().lastHeader("traceparent").value(), UTF_8);
        assertThat(traceparent).startsWith("00-" + traceId + "-").doesNotContain("b7ad6b7169203331");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(output.getAll().lines()
                .filter(line -> line.contains("job " + jobId + " attempt 1 on fal fal-ai/flux/schnell: succeeded")))
                .singleElement().satisfies(line -> assertThat(line).contains(traceId).contains("cost $0.0045")));
    }

    @Test
    void anOpenAiDispatchStoresTheImagesAndReferencesThemFromTheAttempt() {
        String jobId = Dispatches.newJobId();
        dispatch(Dispatches.dispatch(jobId, "openai", "gpt-image-2", "a lighthouse at dawn",
                new ImageParams(1024, 1024, 1, null, null), null, CLOCK.instant()));

        AttemptSucceeded succeeded = (AttemptSucceeded) awaitAttempt(jobId);

        assertThat(succeeded.provider()).isEqualTo("openai");
        assertThat(Path.of(URI.create(succeeded.images().get(0).uri())))
                .isEqualTo(IMAGES.resolve(jobId).resolve("1-0.png").toAbsolutePath())
                .isRegularFile();
        // The catalog's gpt-image-2 price: 4 prompt tokens at $5/M + 272 low-quality output tokens at $30/M
        assertThat(succeeded.costUsd()).isEqualByComparingTo("0.00818");
    }

    @Test
    void anExpiredDeadlineTimesOutWithoutCallingTheVendor() {
        long vendorCallsBefore = infra.simulator().requestCount(Vendor.FAL);
        String jobId = Dispatches.newJobId();
        Instant now = CLOCK.instant();
        dispatch(Dispatches.falDispatch(jobId, now.minusSeconds(1), now.minusSeconds(30)));

        AttemptResult result = awaitAttempt(jobId);

        assertThat(result).isInstanceOfSatisfying(AttemptFailed.class, failed -> {
            assertThat(failed.failureClass()).isEqualTo(FailureClass.TIMEOUT);
            assertThat(failed.reason()).isEqualTo("deadline passed before the call");
        });
        assertThat(infra.simulator().requestCount(Vendor.FAL)).isEqualTo(vendorCallsBefore);
    }

    @Test
    void aModelTheCatalogDoesNotListIsAnInvalidRequestWithoutAVendorCall() {
        long vendorCallsBefore = infra.simulator().requestCount(Vendor.OPENAI);
        String jobId = Dispatches.newJobId();
        dispatch(Dispatches.dispatch(jobId, "openai", "dall-e-3", "a lighthouse at dawn", ImageParams.defaults(), null,
                CLOCK.instant()));

        assertThat(awaitAttempt(jobId)).isInstanceOfSatisfying(AttemptFailed.class, failed -> {
            assertThat(failed.failureClass()).isEqualTo(FailureClass.INVALID_REQUEST);
            assertThat(failed.reason()).isEqualTo("model 'dall-e-3' is not in the catalog for provider openai");
        });
        assertThat(infra.simulator().requestCount(Vendor.OPENAI)).isEqualTo(vendorCallsBefore);
    }

    @Test
    void aFailingProviderIsReportedDownAndUpAgainOnceItRecoversWithoutARestart() {
        int reportsBefore = falHealth().size();
        infra.simulator().profile(Vendor.FAL, VendorProfile.outageProfile());

        // Enough failures to open the breaker: 5 calls at least, half of them failed.
        List<String> failing = List.of(Dispatches.newJobId(), Dispatches.newJobId(), Dispatches.newJobId(),
                Dispatches.newJobId(), Dispatches.newJobId(), Dispatches.newJobId());
        failing.forEach(jobId -> dispatch(Dispatches.falDispatch(jobId, null, CLOCK.instant())));
        for (String jobId : failing) {
            assertThat(awaitAttempt(jobId)).isInstanceOfSatisfying(AttemptFailed.class,
                    failed -> assertThat(failed.failureClass()).isEqualTo(FailureClass.RETRYABLE));
        }
        int down = awaitHealth(reportsBefore, HealthState.DOWN);

        infra.simulator().profile(Vendor.FAL, VendorProfile.healthy());
        int probing = awaitHealth(down, HealthState.PROBING);
        // The breaker lets two trial calls through; both succeed and close it.
        List<String> trials = List.of(Dispatches.newJobId(), Dispatches.newJobId());
        trials.forEach(jobId -> dispatch(Dispatches.falDispatch(jobId, null, CLOCK.instant())));
        for (String jobId : trials) {
            assertThat(awaitAttempt(jobId)).isInstanceOf(AttemptSucceeded.class);
        }
        awaitHealth(probing, HealthState.UP);
    }

    @Test
    void healthReportsNameProviderAndInstanceAndStayValidForThreeHeartbeats() {
        ProviderHealth report = await().atMost(Duration.ofSeconds(20))
                .until(() -> falHealth().stream().reduce((first, second) -> second), Optional::isPresent)
                .orElseThrow();

        assertThat(report.key()).isEqualTo("fal/" + INSTANCE);
        assertThat(Duration.between(report.occurredAt(), report.validUntil())).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void aSlowCallDoesNotHoldBackTheDispatchesBehindItOnItsPartition() {
        infra.simulator().profile(Vendor.FAL,
                VendorProfile.healthy().withLatency(LatencyProfile.fixed(Duration.ofSeconds(5))));
        String slow = Dispatches.newJobId();
        String next = Dispatches.newJobId();
        long submitted = infra.simulator().requestCount(Vendor.FAL);
        dispatch(slow, Dispatches.falDispatch(slow, null, CLOCK.instant()));
        await().atMost(Duration.ofSeconds(20)).until(() -> infra.simulator().requestCount(Vendor.FAL) > submitted);

        // Same key, so the same partition, right behind the unfinished call.
        dispatch(slow, Dispatches.falDispatch(next, null, CLOCK.instant()));
        await().atMost(Duration.ofSeconds(20)).until(() -> infra.simulator().requestCount(Vendor.FAL) > submitted + 1);
        assertThat(attemptOf(slow)).as("the first call is still running when the second starts").isEmpty();

        assertThat(awaitAttempt(slow)).isInstanceOf(AttemptSucceeded.class);
        assertThat(awaitAttempt(next)).isInstanceOf(AttemptSucceeded.class);
    }

    @Test
    void aDispatchThatBreaksTheContractGoesToTheDlqAndTheWorkerKeepsGoing() {
        String badJob = Dispatches.newJobId();
        producer.send(new ProducerRecord<>(Topics.dispatch("fal").name(), badJob, "{\"jobId\":\"" + badJob + "\"}"));
        producer.flush();
        try (TopicReader dlq = new TopicReader(infra.kafkaBootstrapServers(), Topics.DLQ.name())) {
            ConsumerRecord<String, String> deadLetter = await().atMost(Duration.ofSeconds(30))
                    .until(() -> dlq.poll().stream().filter(record -> badJob.equals(record.key())).findFirst(),
                            Optional::isPresent)
                    .orElseThrow();
            assertThat(new String(deadLetter.headers().lastHeader(DlqHeaders.CONSUMER_GROUP).value()))
                    .isEqualTo("genpipe.worker.fal");
        }

        // The dead letter is a gap in the offset window, not a record waiting for its result: nothing stalls.
        String goodJob = Dispatches.newJobId();
        dispatch(Dispatches.falDispatch(goodJob, null, CLOCK.instant()));
        assertThat(awaitAttempt(goodJob)).isInstanceOf(AttemptSucceeded.class);
    }

    @Test
    void theOpenAiWorkerPublishesTheShutdownDatesOpenAiAnnounces() {
        try (TopicReader lifecycle = new TopicReader(infra.kafkaBootstrapServers(), Topics.MODEL_LIFECYCLE.name())) {
            ConsumerRecord<String, String> mini = await().atMost(Duration.ofSeconds(30))
                    .until(() -> lifecycle.poll().stream()
                            .filter(record -> "openai/gpt-image-1-mini".equals(record.key())).findFirst(),
                            Optional::isPresent)
                    .orElseThrow();
            ModelLifecycleReported report = JsonSerde.instance().read(mini.value(), ModelLifecycleReported.class);

            assertThat(report.shutdownOn()).isEqualTo("2026-12-01");
            assertThat(report.source()).isEqualTo("GET /v1/models");
            assertThat(lifecycle.poll()).extracting(ConsumerRecord::key)
                    .as("only models the catalog lists for the provider").doesNotContain("openai/dall-e-3");
        }
    }

    @Test
    void apiKeysAppearNowhereInEventsOrLogs(CapturedOutput output) {
        List<String> jobs = List.of(Dispatches.newJobId(), Dispatches.newJobId(), Dispatches.newJobId());
        dispatch(Dispatches.falDispatch(jobs.get(0), null, CLOCK.instant()));
        dispatch(Dispatches.dispatch(jobs.get(1), "fal", "fal-ai/flux/schnell", "a [unsafe] picture",
                ImageParams.defaults(), null, CLOCK.instant()));
        dispatch(Dispatches.dispatch(jobs.get(2), "openai", "gpt-image-2", "a [unsafe] picture",
                ImageParams.defaults(), null, CLOCK.instant()));
        jobs.forEach(this::awaitAttempt);

        assertThat(attempts().poll()).extracting(ConsumerRecord::value)
                .isNotEmpty()
                .allSatisfy(value -> assertThat(value).doesNotContain(FAL_KEY).doesNotContain(OPENAI_KEY));
        // Tombstones (other tests' workers stopping) carry nothing to check.
        assertThat(health().poll()).extracting(ConsumerRecord::value).filteredOn(Objects::nonNull)
                .allSatisfy(value -> assertThat(value).doesNotContain(FAL_KEY).doesNotContain(OPENAI_KEY));
        assertThat(output.getAll()).doesNotContain(FAL_KEY).doesNotContain(OPENAI_KEY);
    }

    private void dispatch(AttemptDispatched dispatch) {
        dispatch(dispatch.jobId(), dispatch);
    }

    private void dispatch(String key, AttemptDispatched dispatch) {
        producer.send(new ProducerRecord<>(Topics.dispatch(dispatch.provider()).name(), key,
                JsonSerde.instance().writeString(dispatch)));
        producer.flush();
    }

    private AttemptResult awaitAttempt(String jobId) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> attemptOf(jobId), Optional::isPresent)
                .orElseThrow();
    }

    private Optional<AttemptResult> attemptOf(String jobId) {
        return attempts().poll().stream()
                .map(record -> JsonSerde.instance().read(record.value(), AttemptResult.class))
                .filter(result -> jobId.equals(result.jobId()))
                .findFirst();
    }

    /** Waits for a report of {@code state} after the first {@code after} reports; returns the count up to it. */
    private int awaitHealth(int after, HealthState state) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> {
            List<ProviderHealth> reports = falHealth();
            for (int i = after; i < reports.size(); i++) {
                if (reports.get(i).state() == state) {
                    return i + 1;
                }
            }
            return -1;
        }, index -> index > 0);
    }

    /** This instance's fal reports, in the order they were published. */
    private List<ProviderHealth> falHealth() {
        return health().poll().stream()
                .filter(record -> ("fal/" + INSTANCE).equals(record.key()))
                .map(record -> JsonSerde.instance().read(record.value(), ProviderHealth.class))
                .toList();
    }

    private static TopicReader attempts() {
        if (attempts == null) {
            attempts = new TopicReader(infra.kafkaBootstrapServers(), Topics.ATTEMPTS.name());
            health = new TopicReader(infra.kafkaBootstrapServers(), Topics.PROVIDER_HEALTH.name());
        }
        return attempts;
    }

    private static TopicReader health() {
        attempts();
        return health;
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("provider-workers-it");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
