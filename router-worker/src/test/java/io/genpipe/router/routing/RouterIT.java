package io.genpipe.router.routing;

import io.genpipe.contracts.event.AttemptDispatched;
import io.genpipe.contracts.event.FailureClass;
import io.genpipe.contracts.event.HealthState;
import io.genpipe.contracts.event.ImageParams;
import io.genpipe.contracts.event.JobFailed;
import io.genpipe.contracts.event.JobOutcome;
import io.genpipe.contracts.event.JobRequested;
import io.genpipe.contracts.event.Operation;
import io.genpipe.contracts.event.ProviderHealth;
import io.genpipe.contracts.json.JsonSerde;
import io.genpipe.contracts.topic.Topic;
import io.genpipe.contracts.topic.Topics;
import io.genpipe.infra.test.KafkaTopicReader;
import io.genpipe.infra.test.TestInfrastructure;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static io.genpipe.contracts.event.GenpipeEvent.SCHEMA_VERSION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The router on a real broker and the default catalog, with a shut-down model put first in its route: health from
 * the compacted topic, dispatch, re-routing and outcomes.
 */
@SpringBootTest(properties = {"spring.config.name=router-worker", "server.port=0",
        "genpipe.catalog.routes.text-to-image[0].provider=openai",
        "genpipe.catalog.routes.text-to-image[0].model=gpt-image-1-mini",
        "genpipe.catalog.routes.text-to-image[1].provider=fal",
        "genpipe.catalog.routes.text-to-image[1].model=fal-ai/flux/schnell",
        "genpipe.catalog.routes.text-to-image[2].provider=openai",
        "genpipe.catalog.routes.text-to-image[2].model=gpt-image-2"})
@DirtiesContext // one router per JVM at a time: they would share the group and its state
class RouterIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.shared().kafkaBootstrapServers()),
            new StringSerializer(), new ByteArraySerializer());

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", TestInfrastructure.shared()::kafkaBootstrapServers);
    }

    /** Silence is not health: the router dispatches only to providers a live worker reports on. */
    @BeforeEach
    void openAiHasALiveWorker() {
        send(Topics.PROVIDER_HEALTH, "openai/it-worker", health("openai", HealthState.UP));
    }

    @AfterEach
    void closeProducer() {
        producer.close();
    }

    @Test
    void aProviderReportedDownGetsNoWorkUntilItIsReportedUpAgain() {
        send(Topics.PROVIDER_HEALTH, "fal/it-worker", health("fal", HealthState.DOWN));

        AttemptDispatched whileDown = awaitRoutedTo("openai");
        assertThat(whileDown.attempt()).isEqualTo(1);
        assertThat(whileDown.reason()).contains("fal is down");
        assertThat(whileDown.model()).isEqualTo("gpt-image-2");

        send(Topics.PROVIDER_HEALTH, "fal/it-worker", health("fal", HealthState.UP));

        assertThat(awaitRoutedTo("fal").reason()).startsWith("priority 2 of 3")
                .contains("openai: gpt-image-1-mini model shut down on 2026-12-01; replacement gpt-image-2.6-flare");
    }

    /**
     * A health report and a job travel on different topics, so the router may read a job before a report sent
     * earlier: submit new jobs until one is routed to the provider.
     */
    private AttemptDispatched awaitRoutedTo(String provider) {
        AttemptDispatched[] routed = new AttemptDispatched[1];
        try (KafkaTopicReader dispatch = new KafkaTopicReader(bootstrap(), Topics.dispatch(provider).name())) {
            await().atMost(WAIT).untilAsserted(() -> {
                String jobId = "router-it-" + UUID.randomUUID();
                send(Topics.JOBS, jobId, job(jobId));
                routed[0] = JsonSerde.instance().read(dispatch.awaitKey(jobId, Duration.ofSeconds(2)).value(),
                        AttemptDispatched.class);
            });
        }
        return routed[0];
    }

    @Test
    void aRetryableFailureIsDispatchedToTheNextProviderAndAContentRejectionEndsTheJob() {
        send(Topics.PROVIDER_HEALTH, "fal/it-worker", health("fal", HealthState.UP));
        String retried = "router-it-" + UUID.randomUUID();
        String rejected = "router-it-" + UUID.randomUUID();
        send(Topics.JOBS, retried, job(retried));
        send(Topics.JOBS, rejected, job(rejected));
        AttemptDispatched first = awaitDispatch("fal", retried);
        AttemptDispatched firstOfRejected = awaitDispatch("fal", rejected);

        send(Topics.ATTEMPTS, retried, first.failed(FailureClass.RETRYABLE, "HTTP 503", BigDecimal.ZERO, 40, Instant.now()));
        send(Topics.ATTEMPTS, rejected, firstOfRejected.failed(FailureClass.CONTENT_REJECTED, "content_policy_violation",
                BigDecimal.ZERO, 900, Instant.now()));

        AttemptDispatched second = awaitDispatch("openai", retried);
        assertThat(second.attempt()).isEqualTo(2);
        assertThat(second.previousAttempts()).singleElement()
                .satisfies(summary -> assertThat(summary.failureClass()).isEqualTo(FailureClass.RETRYABLE));
        try (KafkaTopicReader outcomes = new KafkaTopicReader(bootstrap(), Topics.OUTCOMES.name())) {
            JobOutcome outcome = JsonSerde.instance().read(outcomes.awaitKey(rejected, WAIT).value(), JobOutcome.class);
            assertThat(outcome).isInstanceOfSatisfying(JobFailed.class,
                    failed -> assertThat(failed.failureClass()).isEqualTo(FailureClass.CONTENT_REJECTED));
        }
    }

    private AttemptDispatched awaitDispatch(String provider, String jobId) {
        try (KafkaTopicReader dispatch = new KafkaTopicReader(bootstrap(), Topics.dispatch(provider).name())) {
            return JsonSerde.instance().read(dispatch.awaitKey(jobId, WAIT).value(), AttemptDispatched.class);
        }
    }

    private <V> void send(Topic<String, V> topic, String key, V event) {
        try {
            producer.send(new ProducerRecord<>(topic.name(), key, JsonSerde.instance().write(event))).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String bootstrap() {
        return TestInfrastructure.shared().kafkaBootstrapServers();
    }

    private static JobRequested job(String jobId) {
        return JobRequested.create(jobId, "acme", null, Operation.TEXT_TO_IMAGE, "a lighthouse",
                ImageParams.defaults(), null, Instant.now());
    }

    private static ProviderHealth health(String provider, HealthState state) {
        Instant now = Instant.now();
        return new ProviderHealth(SCHEMA_VERSION, UUID.randomUUID().toString(), now, provider, "it-worker", state,
                "circuit " + state, now.plus(Duration.ofMinutes(5)));
    }
}
