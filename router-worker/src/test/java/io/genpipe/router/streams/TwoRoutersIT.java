package io.genpipe.router.streams;

import io.genpipe.contracts.event.AttemptDispatched;
import io.genpipe.contracts.event.HealthState;
import io.genpipe.contracts.json.JsonSerde;
import io.genpipe.contracts.topic.Topics;
import io.genpipe.infra.test.KafkaTopicReader;
import io.genpipe.router.RouterApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.genpipe.router.streams.RouterTopics.WAIT;
import static io.genpipe.router.streams.RouterTopics.appliedJobs;
import static io.genpipe.router.streams.RouterTopics.isWorking;
import static io.genpipe.router.streams.RouterTopics.job;
import static io.genpipe.router.streams.RouterTopics.newJobId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two router instances share the work by partition, each job dispatched once; when one stops, the other takes its
 * partitions (with their state) and nothing is left behind.
 */
class TwoRoutersIT {

    private final RouterTopics topics = new RouterTopics();
    private final List<ConfigurableApplicationContext> routers = new ArrayList<>();

    @AfterEach
    void stop() {
        routers.forEach(ConfigurableApplicationContext::close);
        topics.close();
    }

    @Test
    void twoRoutersShareTheJobsAndOneTakesOverWhenTheOtherStops() {
        topics.report("alpha", HealthState.UP);
        ConfigurableApplicationContext first = startRouter();
        ConfigurableApplicationContext second = startRouter();
        await().atMost(WAIT).until(() -> isWorking(first) && isWorking(second));
        List<String> before = sendJobs(60);

        awaitEachDispatchedOnce(before);
        assertThat(appliedJobs(first)).isPositive();
        assertThat(appliedJobs(second)).isPositive();
        assertThat(appliedJobs(first) + appliedJobs(second)).isGreaterThanOrEqualTo(60);

        second.close();
        List<String> after = sendJobs(30);

        awaitEachDispatchedOnce(after);
    }

    private ConfigurableApplicationContext startRouter() {
        // Arguments, not default properties: router-worker.yml's port would win over those.
        ConfigurableApplicationContext router = RouterApplication.builder().run("--server.port=0",
                "--spring.kafka.bootstrap-servers=" + RouterTopics.bootstrap(),
                "--genpipe.catalog.location=classpath:router-it-catalog.yml");
        routers.add(router);
        return router;
    }

    private List<String> sendJobs(int count) {
        List<String> jobIds = IntStream.range(0, count).mapToObj(i -> newJobId()).toList();
        jobIds.forEach(jobId -> topics.send(Topics.JOBS, jobId, job(jobId, null)));
        return jobIds;
    }

    /** Every job has exactly one dispatch event id: a replay may repeat a record, never make a second decision. */
    private void awaitEachDispatchedOnce(List<String> jobIds) {
        Set<String> wanted = Set.copyOf(jobIds);
        try (KafkaTopicReader alpha = new KafkaTopicReader(RouterTopics.bootstrap(), Topics.dispatch("alpha").name())) {
            await().atMost(WAIT).untilAsserted(() -> {
                var byJob = alpha.readNow(record -> wanted.contains(record.key())).stream()
                        .map(record -> JsonSerde.instance().read(record.value(), AttemptDispatched.class))
                        .collect(Collectors.groupingBy(AttemptDispatched::jobId,
                                Collectors.mapping(AttemptDispatched::eventId, Collectors.toSet())));
                assertThat(byJob.keySet()).containsExactlyInAnyOrderElementsOf(wanted);
                assertThat(byJob.values()).allSatisfy(ids -> assertThat(ids).hasSize(1));
            });
        }
    }
}
