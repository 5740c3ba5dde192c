package io.genpipe.router.streams;

import io.genpipe.contracts.event.AttemptDispatched;
import io.genpipe.contracts.event.AttemptResult;
import io.genpipe.contracts.event.FailureClass;
import io.genpipe.contracts.event.GenpipeEvent;
import io.genpipe.contracts.event.HealthState;
import io.genpipe.contracts.event.ProviderSettings;
import io.genpipe.contracts.event.SystemHealthReported;
import io.genpipe.contracts.event.JobFailed;
import io.genpipe.contracts.event.JobOutcome;
import io.genpipe.contracts.event.JobRequested;
import io.genpipe.contracts.event.JobSucceeded;
import io.genpipe.contracts.json.JsonSerde;
import io.genpipe.contracts.topic.Topics;
import io.genpipe.infra.test.KafkaTopicReader;
import io.genpipe.messaging.health.ProviderHealthView;
import io.genpipe.router.cooldown.CooldownView;
import io.genpipe.router.cooldown.ProviderCooldown;
import io.genpipe.messaging.health.ProviderHealthView.ProviderStatus.Status;
import org.springframework.beans.factory.annotation.Autowired;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.genpipe.router.streams.RouterTopics.WAIT;
import static io.genpipe.router.streams.RouterTopics.job;
import static io.genpipe.router.streams.RouterTopics.newJobId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The router's memory on a real broker, with providers of its own (alpha, then beta) and short timers: jobs wait for
 * a provider instead of failing, an attempt nobody answers times out, and what is read twice takes effect once.
 * The tests run in order: health reports stay on the compacted topic, and each test adds to what the one before
 * left (first no provider has a live worker, then beta, then both).
 */
@SpringBootTest(properties = {"spring.config.name=router-worker", "server.port=0",
        "genpipe.catalog.location=classpath:router-it-catalog.yml",
        "genpipe.routing.attempt-deadline=2s", "genpipe.routing.timeout-grace=1s",
        "genpipe.routing.timer-interval=100ms", "genpipe.routing.recheck-interval=200ms",
        "genpipe.routing.cooldown.duration=8s", "genpipe.routing.system-health-interval=500ms"})
@DirtiesContext // one router per JVM at a time: they would share the group and its state
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StatefulRoutingIT {

    private final RouterTopics topics = new RouterTopics();

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", RouterTopics::bootstrap);
    }

    @AfterEach
    void close() {
        topics.close();
    }

    @Autowired
    ProviderHealthView health;

    @Autowired
    CooldownView cooldowns;

    @Autowired
    RouterStreams streams;

    @Test
    @Order(1)
    void aJobNoLiveWorkerCanTakeWaitsAndFailsAtItsDeadlineSayingWhy() {
        forgetReports();
        await().atMost(WAIT).until(() -> streams.state() == KafkaStreams.State.RUNNING && streams.activeTasks() > 0);
        String jobId = newJobId();
        Instant deadline = Instant.now().plusSeconds(4);

        topics.send(Topics.JOBS, jobId, job(jobId, deadline));

        JobOutcome outcome = topics.awaitOutcome(jobId);
        assertThat(outcome).isInstanceOfSatisfying(JobFailed.class, failed -> {
            assertThat(failed.failureClass()).isEqualTo(FailureClass.NO_PROVIDER_AVAILABLE);
            assertThat(failed.reason()).startsWith("waited until " + deadline)
                    .contains("alpha is unknown (no live worker reports on it)").contains("beta is unknown");
            assertThat(failed.attempts()).isEmpty();
            assertThat(failed.occurredAt()).isAfterOrEqualTo(deadline);
        });
    }

    @Test
    @Order(2)
    void aWaitingJobIsDispatchedAsSoonAsAProviderRecovers() {
        String jobId = newJobId();
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        topics.sendTraced(Topics.JOBS, jobId, job(jobId, Instant.now().plusSeconds(60)),
                "00-" + traceId + "-00f067aa0ba902b7-01");
        Instant recovered = Instant.now();

        topics.report("beta", HealthState.UP);

        AttemptDispatched dispatch = topics.awaitDispatch("beta", jobId);
        try (KafkaTopicReader systemHealth = new KafkaTopicReader(RouterTopics.bootstrap(),
                Topics.SYSTEM_HEALTH.name())) {
            systemHealth.awaitFirst(record -> {
                SystemHealthReported report = JsonSerde.instance().read(record.value(), SystemHealthReported.class);
                return report.level() == SystemHealthReported.Level.DEGRADED
                        && report.operations().get(0).available().equals(List.of("beta"))
                        && !report.occurredAt().isBefore(recovered);
            }, WAIT);
        }
        assertThat(dispatch.attempt()).isEqualTo(1);
        assertThat(dispatch.reason()).contains("alpha is unknown");
        assertThat(dispatch.occurredAt()).isAfterOrEqualTo(recovered);
        // The dispatch came from a retry tick, a record the router's timer started: it goes on with the job's trace.
        assertThat(topics.recordsOf(Topics.dispatch("beta").name(), jobId)).extracting(RouterTopics::traceId)
                .containsOnly(traceId);
    }

    @Test
    @Order(3)
    void anAttemptNoWorkerAnswersTimesOutAndGoesOnWhileItsLateResultChangesNothing() {
        topics.report("alpha", HealthState.UP);
        AttemptDispatched first = awaitRoutedToAlpha();

        AttemptDispatched second = topics.awaitDispatch("beta", first.jobId(), 2);
        topics.send(Topics.ATTEMPTS, first.jobId(), first.succeeded(List.of(), BigDecimal.ONE, 3000, Instant.now()));
        topics.send(Topics.ATTEMPTS, first.jobId(), second.succeeded(List.of(), new BigDecimal("0.01"), 800,
                Instant.now()));

        assertThat(second.previousAttempts()).singleElement().satisfies(timedOut -> {
            assertThat(timedOut.failureClass()).isEqualTo(FailureClass.TIMEOUT);
            assertThat(timedOut.costUsd()).isNull();
        });
        assertThat(topics.recordsOf(Topics.ATTEMPTS.name(), first.jobId())).anySatisfy(record ->
                assertThat(JsonSerde.instance().read(record.value(), AttemptResult.class).eventId())
                        .isEqualTo(first.eventId() + "/timeout"));
        assertThat(topics.awaitOutcome(first.jobId())).isInstanceOfSatisfying(JobSucceeded.class, succeeded -> {
            assertThat(succeeded.provider()).isEqualTo("beta");
            assertThat(succeeded.attempts()).extracting("provider").containsExactly("alpha", "beta");
        });
        // A job sent without a trace gets one from the router, and every record of it carries it: the dispatch,
        // the timeout its timer decided, the dispatch after it and the outcome.
        String traceId = RouterTopics.traceId(topics.recordsOf(Topics.dispatch("alpha").name(), first.jobId()).get(0));
        assertThat(traceId).isNotBlank();
        assertThat(topics.recordsOf(Topics.dispatch("beta").name(), first.jobId())).extracting(RouterTopics::traceId)
                .containsOnly(traceId);
        await().atMost(WAIT).untilAsserted(() -> assertThat(topics.recordsOf(Topics.OUTCOMES.name(), first.jobId()))
                .extracting(RouterTopics::traceId).containsOnly(traceId));
    }

    @Test
    @Order(4)
    void aJobAndAFailureReadTwiceTakeEffectOnce() {
        AttemptDispatched first = awaitRoutedToAlpha();
        JobRequested job = first.job();
        topics.send(Topics.JOBS, job.jobId(), job);
        topics.send(Topics.JOBS, job.jobId(), job(job.jobId(), null)); // a new request reusing the job id
        var failed = first.failed(FailureClass.RETRYABLE, "HTTP 503", BigDecimal.ZERO, 40, Instant.now());
        topics.send(Topics.ATTEMPTS, job.jobId(), failed);
        topics.send(Topics.ATTEMPTS, job.jobId(), failed);

        AttemptDispatched second = topics.awaitDispatch("beta", job.jobId(), 2);
        topics.send(Topics.ATTEMPTS, job.jobId(), second.succeeded(List.of(), new BigDecimal("0.01"), 800,
                Instant.now()));
        JobOutcome outcome = topics.awaitOutcome(job.jobId());

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(eventIds(Topics.dispatch("alpha").name(), job.jobId())).containsOnly(first.eventId());
            assertThat(eventIds(Topics.dispatch("beta").name(), job.jobId())).containsOnly(second.eventId());
            assertThat(eventIds(Topics.OUTCOMES.name(), job.jobId())).containsOnly(outcome.eventId());
        });
    }

    @Test
    @Order(5)
    void consecutiveFailuresCoolAProviderDownThenOneJobAtATimeProbesIt() {
        for (int failures = 0; failures < 3 && !alphaIs(ProviderCooldown.State.COOLING); failures++) {
            AttemptDispatched routed = awaitRoutedToAlpha();
            topics.send(Topics.ATTEMPTS, routed.jobId(), routed.failed(FailureClass.RETRYABLE, "HTTP 503",
                    BigDecimal.ZERO, 30, Instant.now()));
            await().atMost(WAIT).until(() -> topics.recordsOf(Topics.dispatch("beta").name(), routed.jobId())
                    .size() > 0); // the failure was read, and counted
        }
        await().atMost(WAIT).until(() -> alphaIs(ProviderCooldown.State.COOLING));

        String whileCooling = newJobId();
        topics.send(Topics.JOBS, whileCooling, job(whileCooling, null));
        // The last of the consecutive failures may be this test's 503 or the TIMEOUT of a job an earlier test left on
        // alpha with a 2 s deadline: both are alpha's failures.
        assertThat(topics.awaitDispatch("beta", whileCooling).reason()).contains("alpha is cooling down until")
                .containsPattern("consecutive failures, last (RETRYABLE: HTTP 503|TIMEOUT: no result from alpha)");

        // The probe is whichever job reaches alpha first once it is PROBING: a job of an earlier test re-routed on
        // its own timeout may well be it.
        await().atMost(WAIT).until(() -> alphaIs(ProviderCooldown.State.PROBING));
        Instant probingSince = cooldowns.of("alpha").orElseThrow().since();
        AttemptDispatched probe = awaitDispatchToAlphaAfter(probingSince);
        String whileProbing = newJobId();
        topics.send(Topics.JOBS, whileProbing, job(whileProbing, null));
        assertThat(topics.awaitDispatch("beta", whileProbing).reason()).contains("the probe is out");

        topics.send(Topics.ATTEMPTS, probe.jobId(), probe.succeeded(List.of(), new BigDecimal("0.01"), 30,
                Instant.now()));
        await().atMost(WAIT).until(() -> alphaIs(ProviderCooldown.State.AVAILABLE));
        awaitRoutedToAlpha();
    }

    @Test
    @Order(6)
    void aProviderAnOperatorDisablesGetsNoWorkFromTheNextJobOnUntilEnabledAgain() {
        awaitRoutedToAlpha();
        topics.send(Topics.PROVIDER_SETTINGS, "alpha", new ProviderSettings(GenpipeEvent.SCHEMA_VERSION,
                UUID.randomUUID().toString(), Instant.now(), "alpha", false, List.of(), "vendor incident INC-9",
                "router-it"));

        await().atMost(WAIT).untilAsserted(() -> {
            String jobId = newJobId();
            topics.send(Topics.JOBS, jobId, job(jobId, null));
            assertThat(topics.awaitDispatch("beta", jobId).reason())
                    .contains("alpha is disabled by an operator (vendor incident INC-9)");
        });
        topics.forgetSettings("alpha");
        awaitRoutedToAlpha();
    }

    private AttemptDispatched awaitDispatchToAlphaAfter(Instant since) {
        try (KafkaTopicReader alpha = new KafkaTopicReader(RouterTopics.bootstrap(), Topics.dispatch("alpha").name())) {
            return JsonSerde.instance().read(alpha.awaitFirst(record -> !JsonSerde.instance()
                    .read(record.value(), AttemptDispatched.class).occurredAt().isBefore(since), WAIT).value(),
                    AttemptDispatched.class);
        }
    }

    private boolean alphaIs(ProviderCooldown.State state) {
        return cooldowns.of("alpha").map(cooldown -> cooldown.state() == state).orElse(false);
    }

    /** Other ITs in this JVM may have left reports on alpha and beta: this class starts from none. */
    private void forgetReports() {
        topics.forget("alpha");
        topics.forget("beta");
        await().atMost(WAIT).until(() -> health.status("alpha", Instant.now()).status() == Status.UNKNOWN
                && health.status("beta", Instant.now()).status() == Status.UNKNOWN);
    }

    /** Health and jobs travel on different topics: send jobs until one is routed to alpha. */
    private AttemptDispatched awaitRoutedToAlpha() {
        AttemptDispatched[] routed = new AttemptDispatched[1];
        try (KafkaTopicReader alpha = new KafkaTopicReader(RouterTopics.bootstrap(), Topics.dispatch("alpha").name())) {
            await().atMost(WAIT).untilAsserted(() -> {
                String jobId = newJobId();
                topics.send(Topics.JOBS, jobId, job(jobId, null));
                routed[0] = JsonSerde.instance().read(alpha.awaitKey(jobId, Duration.ofSeconds(2)).value(),
                        AttemptDispatched.class);
            });
        }
        return routed[0];
    }

    private List<String> eventIds(String topic, String jobId) {
        Class<? extends GenpipeEvent> type = topic.equals(Topics.OUTCOMES.name()) ? JobOutcome.class
                : AttemptDispatched.class;
        return topics.recordsOf(topic, jobId).stream()
                .map(record -> JsonSerde.instance().read(record.value(), type).eventId())
                .toList();
    }
}
