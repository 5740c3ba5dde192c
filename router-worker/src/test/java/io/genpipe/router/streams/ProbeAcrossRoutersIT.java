package io.genpipe.router.streams;

import io.genpipe.contracts.event.AttemptDispatched;
import io.genpipe.contracts.event.FailureClass;
import io.genpipe.contracts.event.HealthState;
import io.genpipe.contracts.event.ImageParams;
import io.genpipe.contracts.event.JobRequested;
import io.genpipe.contracts.event.Operation;
import io.genpipe.contracts.json.JsonSerde;
import io.genpipe.contracts.topic.Topics;
import io.genpipe.infra.test.KafkaTopicReader;
import io.genpipe.router.RouterApplication;
import io.genpipe.router.cooldown.CooldownView;
import io.genpipe.router.cooldown.ProviderCooldown;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import static io.genpipe.router.streams.RouterTopics.WAIT;
import static io.genpipe.router.streams.RouterTopics.isWorking;
import static io.genpipe.router.streams.RouterTopics.newJobId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Seed 003's half-open probe, held by the router group as a whole: after alpha's cooldown, two router instances with
 * jobs of their own send it one job between them, and the rest go to beta, until the probe's result decides.
 */
class ProbeAcrossRoutersIT {

    private final RouterTopics topics = new RouterTopics();
    private final List<ConfigurableApplicationContext> routers = new ArrayList<>();

    @AfterEach
    void stop() {
        routers.forEach(ConfigurableApplicationContext::close);
        topics.close();
    }

    @Test
    void twoRoutersSendAProbingProviderOneJobBetweenThemAndItsSuccessEndsTheProbe() {
        topics.report("alpha", HealthState.UP);
        topics.report("beta", HealthState.UP);
        ConfigurableApplicationContext first = startRouter();
        ConfigurableApplicationContext second = startRouter();
        await().atMost(WAIT).until(() -> isWorking(first) && isWorking(second));

        coolDown("alpha", first);
        await().atMost(WAIT).until(() -> is(first, ProviderCooldown.State.PROBING)
                && is(second, ProviderCooldown.State.PROBING));

        List<String> jobIds = IntStream.range(0, 12).mapToObj(i -> newJobId()).toList();
        jobIds.forEach(this::sendJob);
        Map<String, AttemptDispatched> dispatched = awaitFirstDispatches(jobIds);
        List<AttemptDispatched> probes = dispatched.values().stream()
                .filter(dispatch -> dispatch.provider().equals("alpha")).toList();
        try {
            assertThat(RouterTopics.appliedJobs(first)).as("both instances routed some").isPositive();
            assertThat(RouterTopics.appliedJobs(second)).isPositive();
            assertThat(probes).as("one probe in the whole group").hasSize(1);
            assertThat(dispatched.values()).filteredOn(dispatch -> dispatch.provider().equals("beta")).hasSize(11);
        } finally {
            // Every job ends, and the probe's success makes alpha available again, for this group's other tests.
            dispatched.values().forEach(this::succeed);
        }
        await().atMost(WAIT).until(() -> is(first, ProviderCooldown.State.AVAILABLE)
                && is(second, ProviderCooldown.State.AVAILABLE));
    }

    /** Fails alpha's attempts, whatever earlier tests left it at, until the group has it cooling down. */
    private void coolDown(String provider, ConfigurableApplicationContext router) {
        await().atMost(WAIT).until(() -> {
            String jobId = newJobId();
            sendJob(jobId);
            AttemptDispatched dispatch = awaitFirstDispatches(List.of(jobId)).get(jobId);
            if (dispatch.provider().equals(provider)) {
                topics.send(Topics.ATTEMPTS, jobId, dispatch.failed(FailureClass.RETRYABLE, "HTTP 503", BigDecimal.ZERO,
                        300, Instant.now()));
                dispatch = topics.awaitDispatch("beta", jobId, 2);
            }
            succeed(dispatch); // so that no attempt of beta times out and counts against it
            return is(router, ProviderCooldown.State.COOLING);
        });
    }

    private void succeed(AttemptDispatched dispatch) {
        topics.send(Topics.ATTEMPTS, dispatch.jobId(), dispatch.succeeded(List.of(), new BigDecimal("0.01"), 500,
                Instant.now()));
    }

    private static boolean is(ConfigurableApplicationContext router, ProviderCooldown.State state) {
        return router.getBean(CooldownView.class).of("alpha").map(c -> c.state() == state).orElse(false);
    }

    private void sendJob(String jobId) {
        topics.send(Topics.JOBS, jobId, JobRequested.create(jobId, "acme", null, Operation.TEXT_TO_IMAGE,
                "a lighthouse", ImageParams.defaults(), null, Instant.now()));
    }

    /** Each job's first dispatch, on alpha or beta. */
    private Map<String, AttemptDispatched> awaitFirstDispatches(List<String> jobIds) {
        Set<String> wanted = Set.copyOf(jobIds);
        Map<String, AttemptDispatched> first = new HashMap<>();
        try (KafkaTopicReader alpha = new KafkaTopicReader(RouterTopics.bootstrap(), Topics.dispatch("alpha").name());
             KafkaTopicReader beta = new KafkaTopicReader(RouterTopics.bootstrap(), Topics.dispatch("beta").name())) {
            await().atMost(WAIT).untilAsserted(() -> {
                for (KafkaTopicReader reader : List.of(alpha, beta)) {
                    reader.readNow(record -> wanted.contains(record.key())).forEach(record -> first.putIfAbsent(
                            record.key(), JsonSerde.instance().read(record.value(), AttemptDispatched.class)));
                }
                assertThat(first.keySet()).containsExactlyInAnyOrderElementsOf(wanted);
            });
        }
        return first;
    }

    private ConfigurableApplicationContext startRouter() {
        ConfigurableApplicationContext router = RouterApplication.builder().run("--server.port=0",
                "--spring.kafka.bootstrap-servers=" + RouterTopics.bootstrap(),
                "--genpipe.catalog.location=classpath:router-it-catalog.yml",
                "--genpipe.routing.cooldown.duration=2s");
        routers.add(router);
        return router;
    }
}
