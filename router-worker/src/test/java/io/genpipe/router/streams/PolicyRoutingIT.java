package io.genpipe.router.streams;

import io.genpipe.contracts.event.AttemptDispatched;
import io.genpipe.contracts.event.ExperimentArm;
import io.genpipe.contracts.event.GenpipeEvent;
import io.genpipe.contracts.event.HealthState;
import io.genpipe.contracts.event.ImageParams;
import io.genpipe.contracts.event.JobOutcome;
import io.genpipe.contracts.event.JobRequested;
import io.genpipe.contracts.event.Operation;
import io.genpipe.contracts.event.ProviderHealth;
import io.genpipe.contracts.event.ProviderSettings;
import io.genpipe.contracts.event.RouteExplanation;
import io.genpipe.contracts.event.RoutingRequest.BudgetTier;
import io.genpipe.contracts.event.RoutingRequest.Preset;
import io.genpipe.contracts.event.RoutingRequest.Priority;
import io.genpipe.contracts.event.RoutingRequest.QualityTier;
import io.genpipe.contracts.event.RoutingRequest.SpeedTier;
import io.genpipe.contracts.event.RoutingRequest;
import io.genpipe.contracts.json.JsonSerde;
import io.genpipe.contracts.topic.Topics;
import io.genpipe.infra.test.KafkaTopicReader;
import io.genpipe.messaging.health.ProviderHealthView;
import io.genpipe.messaging.settings.ProviderSettingsView;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static io.genpipe.contracts.event.GenpipeEvent.SCHEMA_VERSION;
import static io.genpipe.router.streams.RouterTopics.WAIT;
import static io.genpipe.router.streams.RouterTopics.newJobId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * Each routing policy through a real broker: jobs and health go in as other services write them, dispatches come
 * out on the providers' topics with their reasons. Three providers of its own (cheap, mid, best: see
 * {@code router-policy-it-catalog.yml}) and an A/B experiment between cheap and best for jobs that ask nothing.
 */
@SpringBootTest(properties = {"spring.config.name=router-worker", "server.port=0",
        "genpipe.catalog.location=classpath:router-policy-it-catalog.yml",
        "genpipe.routing.recheck-interval=200ms",
        "genpipe.routing.policy.experiments[0].id=cheap-vs-best",
        "genpipe.routing.policy.experiments[0].operation=text-to-image",
        "genpipe.routing.policy.experiments[0].arms[0].name=cheap",
        "genpipe.routing.policy.experiments[0].arms[0].provider=cheap",
        "genpipe.routing.policy.experiments[0].arms[1].name=best",
        "genpipe.routing.policy.experiments[0].arms[1].provider=best"})
@DirtiesContext // one router per JVM at a time: they would share the group and its state
class PolicyRoutingIT {

    private static final List<String> PROVIDERS = List.of("cheap", "mid", "best");

    private final RouterTopics topics = new RouterTopics();

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", RouterTopics::bootstrap);
    }

    @Autowired
    RouterStreams streams;

    @Autowired
    ProviderHealthView health;

    @Autowired
    ProviderSettingsView operators;

    @BeforeEach
    void everyProviderHasALiveWorkerWithNothingInFlight() {
        PROVIDERS.forEach(provider -> report(provider, HealthState.UP, 0));
        PROVIDERS.forEach(topics::forgetSettings);
        await().atMost(WAIT).until(() -> streams.state() == KafkaStreams.State.RUNNING && streams.activeTasks() > 0
                && PROVIDERS.stream().allMatch(provider -> health.inFlight(provider, Instant.now()).orElse(-1) == 0
                && operators.of(provider).isEmpty()));
    }

    @AfterEach
    void close() {
        topics.close();
    }

    @Test
    void prioritizeQualityGoesToTheBestAndTheDispatchExplainsItself() {
        AttemptDispatched dispatch = route(new RoutingRequest(Priority.QUALITY, null, null, null, null, null, null,
                null), "best");

        assertThat(dispatch.route().policy()).isEqualTo("quality");
        assertThat(dispatch.route().scores()).extracting(RouteExplanation.Score::provider)
                .containsExactly("best", "mid", "cheap");
        assertThat(dispatch.reason()).isEqualTo("quality for text-to-image: best best-1 scored 1.0");
        assertThat(dispatch.experiment()).isNull();
    }

    @Test
    void prioritizeCostOrSpeedGoesToTheCheapestOrTheFastest() {
        AttemptDispatched cheapest = route(new RoutingRequest(Priority.COST, null, null, null, null, null, null,
                null), "cheap");
        AttemptDispatched fastest = route(new RoutingRequest(Priority.SPEED, null, null, null, null, null, null,
                null), "cheap");

        assertThat(cheapest.route().policy()).isEqualTo("cost");
        assertThat(cheapest.route().scores()).extracting(RouteExplanation.Score::provider)
                .containsExactly("cheap", "mid", "best");
        assertThat(fastest.route().policy()).isEqualTo("speed");
    }

    @Test
    void premiumWithinAMediumBudgetPassesOverTheCheapAndTheDearAndSaysWhy() {
        AttemptDispatched dispatch = route(new RoutingRequest(null, QualityTier.PREMIUM, null, BudgetTier.MEDIUM,
                null, null, null, null), "mid");

        assertThat(dispatch.route().skipped()).extracting(RouteExplanation.Skip::reason).containsExactly(
                "cheap: cheap-1 quality 60 is below premium (85)",
                "best: best-1 estimated $0.08 per image is over budget medium ($0.04)");
    }

    @Test
    void aQualityPresetSendsItsModelAndSteps() {
        AttemptDispatched dispatch = route(new RoutingRequest(null, null, null, null, null, Preset.FAST, null, null),
                "cheap");

        assertThat(dispatch.params().steps()).isEqualTo(2);
        assertThat(dispatch.route().policy()).isEqualTo("preset fast; priority");
    }

    @Test
    void speedFastPassesOverTheSlowModelsAndSaysWhy() {
        AttemptDispatched dispatch = route(new RoutingRequest(Priority.QUALITY, null, SpeedTier.FAST, null, null, null,
                null, null), "cheap");

        assertThat(dispatch.route().skipped()).extracting(RouteExplanation.Skip::provider,
                RouteExplanation.Skip::cause).containsExactly(tuple("mid", "requirement"), tuple("best", "requirement"));
    }

    @Test
    void aMaximumCostPerImageAndTheBudgetTiersKeepToTheModelsTheyAllow() {
        AttemptDispatched capped = route(new RoutingRequest(Priority.QUALITY, null, null, null,
                new BigDecimal("0.03"), null, null, null), "mid");
        assertThat(capped.route().skipped()).singleElement().satisfies(skip -> {
            assertThat(skip.provider()).isEqualTo("best");
            assertThat(skip.reason()).contains("$0.08", "$0.03");
        });

        AttemptDispatched low = route(new RoutingRequest(Priority.QUALITY, null, null, BudgetTier.LOW, null, null,
                null, null), "cheap");
        assertThat(low.route().skipped()).extracting(RouteExplanation.Skip::provider).containsExactly("mid", "best");
        AttemptDispatched high = route(new RoutingRequest(Priority.QUALITY, null, null, BudgetTier.HIGH, null, null,
                null, null), "best");
        assertThat(high.route().skipped()).as("budget high: no limit").isEmpty();
    }

    @Test
    void aHighPresetSendsItsFirstModel() {
        AttemptDispatched dispatch = route(new RoutingRequest(null, null, null, null, null, Preset.HIGH, null, null),
                "best");

        assertThat(dispatch.model()).isEqualTo("best-1");
        assertThat(dispatch.route().policy()).startsWith("preset high");
    }

    @Test
    void aForcedModelThatIsDownWaitsForItWithoutFallbackAndIsDispatchedOnRecovery() {
        report("mid", HealthState.DOWN, 0);
        await().atMost(WAIT).until(() -> health.status("mid", Instant.now()).isDown());
        String jobId = newJobId();
        topics.send(Topics.JOBS, jobId, new JobRequested(SCHEMA_VERSION, UUID.randomUUID().toString(), jobId,
                Instant.now(), "acme", null, Operation.TEXT_TO_IMAGE, "a lighthouse", ImageParams.defaults(), null,
                null, "mid-1", null));

        await().during(Duration.ofMillis(600)).atMost(WAIT).until(() -> topics.recordsOf(
                Topics.dispatch("cheap").name(), jobId).isEmpty() && topics.recordsOf(Topics.dispatch("best").name(),
                jobId).isEmpty());
        report("mid", HealthState.UP, 0);
        assertThat(topics.awaitDispatch("mid", jobId).model()).isEqualTo("mid-1");
    }

    @Test
    void aForcedProviderThatIsDownWaitsForItWithoutFallbackAndIsDispatchedOnRecovery() {
        report("best", HealthState.DOWN, 0);
        await().atMost(WAIT).until(() -> health.status("best", Instant.now()).isDown());
        String jobId = newJobId();
        topics.send(Topics.JOBS, jobId, job(jobId, new RoutingRequest(null, null, null, null, null, null, "best",
                false)));
        String fellBack = newJobId();
        topics.send(Topics.JOBS, fellBack, job(fellBack, new RoutingRequest(null, null, null, null, null, null,
                "best", true)));

        assertThat(topics.awaitDispatch("cheap", fellBack).route().policy())
                .isEqualTo("fallback after provider best; priority");
        assertThat(topics.recordsOf(Topics.dispatch("best").name(), jobId)).isEmpty();
        report("best", HealthState.UP, 0);
        AttemptDispatched dispatch = topics.awaitDispatch("best", jobId);
        assertThat(dispatch.reason()).contains("provider best");
        assertThat(topics.recordsOf(Topics.dispatch("cheap").name(), jobId)).isEmpty();
        assertThat(topics.recordsOf(Topics.dispatch("mid").name(), jobId)).isEmpty();
    }

    @Test
    void prioritizeLoadGoesWhereTheWorkersReportTheLeastInFlight() {
        report("cheap", HealthState.UP, 40);
        report("best", HealthState.UP, 9);
        report("mid", HealthState.UP, 2);
        await().atMost(WAIT).until(() -> health.inFlight("cheap", Instant.now()).orElse(0) == 40
                && health.inFlight("mid", Instant.now()).orElse(0) == 2);

        AttemptDispatched dispatch = route(new RoutingRequest(Priority.LOAD, null, null, null, null, null, null,
                null), "mid");

        assertThat(dispatch.route().scores()).extracting(RouteExplanation.Score::backlog).containsExactly(2, 9, 40);
    }

    @Test
    void anOperatorsPriorityOnTheSettingsTopicOverridesThePolicyWithoutARestart() {
        topics.send(Topics.PROVIDER_SETTINGS, "best", new ProviderSettings(GenpipeEvent.SCHEMA_VERSION,
                UUID.randomUUID().toString(), Instant.now(), "best", true, List.of(), "best first this week",
                "router-it", 5, null, null, 0L));
        await().atMost(WAIT).until(() -> operators.of("best").isPresent());

        route(new RoutingRequest(Priority.COST, null, null, null, null, null, null, null), "best");

        topics.forgetSettings("best");
        await().atMost(WAIT).until(() -> operators.of("best").isEmpty());
        route(new RoutingRequest(Priority.COST, null, null, null, null, null, null, null), "cheap");
    }

    @Test
    void jobsThatAskNothingAreSplitBetweenTheArmsWhichRideOnTheirDispatchesAndOutcomes() {
        List<String> jobIds = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            String jobId = newJobId();
            jobIds.add(jobId);
            topics.send(Topics.JOBS, jobId, job(jobId, null));
        }
        List<AttemptDispatched> dispatches = new ArrayList<>();
        try (KafkaTopicReader cheap = new KafkaTopicReader(RouterTopics.bootstrap(), Topics.dispatch("cheap").name());
             KafkaTopicReader best = new KafkaTopicReader(RouterTopics.bootstrap(), Topics.dispatch("best").name())) {
            await().atMost(WAIT).untilAsserted(() -> {
                dispatches.clear();
                for (KafkaTopicReader reader : List.of(cheap, best)) {
                    reader.readNow(record -> jobIds.contains(record.key())).forEach(record ->
                            dispatches.add(JsonSerde.instance().read(record.value(), AttemptDispatched.class)));
                }
                assertThat(dispatches).hasSize(jobIds.size());
            });
        }
        Map<String, Long> byArm = dispatches.stream()
                .collect(Collectors.groupingBy(d -> d.experiment().arm(), Collectors.counting()));
        assertThat(byArm).containsOnlyKeys("cheap", "best");
        assertThat(dispatches).allSatisfy(d -> assertThat(d.experiment().arm()).isEqualTo(d.provider()));

        AttemptDispatched one = dispatches.get(0);
        topics.send(Topics.ATTEMPTS, one.jobId(), one.succeeded(List.of(), new BigDecimal("0.003"), 900,
                Instant.now()));
        JobOutcome outcome = topics.awaitOutcome(one.jobId());
        assertThat(outcome.experiment()).isEqualTo(new ExperimentArm("cheap-vs-best", one.provider()));
    }

    /** Sends a job with this routing request and returns its dispatch, which must go to {@code provider}. */
    private AttemptDispatched route(RoutingRequest request, String provider) {
        String jobId = newJobId();
        topics.send(Topics.JOBS, jobId, job(jobId, request));
        return topics.awaitDispatch(provider, jobId);
    }

    private static JobRequested job(String jobId, RoutingRequest request) {
        return new JobRequested(SCHEMA_VERSION, UUID.randomUUID().toString(), jobId, Instant.now(), "acme", null,
                Operation.TEXT_TO_IMAGE, "a lighthouse", ImageParams.defaults(), null, null, null, request);
    }

    private void report(String provider, HealthState state, int inFlight) {
        Instant now = Instant.now();
        topics.send(Topics.PROVIDER_HEALTH, provider + "/policy-it", new ProviderHealth(SCHEMA_VERSION,
                UUID.randomUUID().toString(), now, provider, "policy-it", state, "it says " + state,
                now.plus(Duration.ofMinutes(10)), inFlight));
    }
}
