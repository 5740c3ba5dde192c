package io.genpipe.router.streams;

import io.genpipe.contracts.event.AttemptDispatched;
import io.genpipe.contracts.event.HealthState;
import io.genpipe.contracts.event.JobOutcome;
import io.genpipe.contracts.event.JobSucceeded;
import io.genpipe.contracts.json.JsonSerde;
import io.genpipe.contracts.topic.Topics;
import io.genpipe.infra.test.KafkaTopicReader;
import io.genpipe.router.RouterApplication;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.genpipe.router.streams.RouterTopics.job;
import static io.genpipe.router.streams.RouterTopics.newJobId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A router in its own JVM is killed (SIGKILL) while jobs flow through it; another takes over from the changelogs
 * and the last commit. Every job still ends exactly once: one outcome decision per job, one dispatch decision per
 * attempt. Records the crash made the routers publish again carry the ids of the first, so a reader drops them.
 */
class RouterCrashIT {

    private static final int JOBS = 300;
    private static final Duration RECOVERY = Duration.ofSeconds(90);

    private final RouterTopics topics = new RouterTopics();
    private final List<Process> routers = new ArrayList<>();
    private final AtomicBoolean working = new AtomicBoolean(true);

    @AfterEach
    void stop() {
        working.set(false);
        routers.forEach(Process::destroyForcibly);
        topics.close();
    }

    @Test
    void everyJobEndsExactlyOnceWhenARouterIsKilledMidStream() throws Exception {
        topics.report("alpha", HealthState.UP);
        List<String> jobIds = IntStream.range(0, JOBS).mapToObj(i -> newJobId()).toList();
        Map<String, Set<String>> dispatchIds = new ConcurrentHashMap<>();
        Process first = startRouter("first");
        awaitTopics(Topics.OUTCOMES.name(), Topics.dispatch("alpha").name()); // the router declares them
        Thread worker = answerEveryDispatchOnce(Set.copyOf(jobIds), dispatchIds);
        jobIds.subList(0, JOBS / 2).forEach(jobId -> topics.send(Topics.JOBS, jobId, job(jobId, null)));
        try (KafkaTopicReader outcomes = new KafkaTopicReader(RouterTopics.bootstrap(), Topics.OUTCOMES.name())) {
            outcomes.awaitFirst(record -> jobIds.contains(record.key()), RECOVERY); // the first router is working
        }
        jobIds.subList(JOBS / 2, JOBS).forEach(jobId -> topics.send(Topics.JOBS, jobId, job(jobId, null)));
        first.destroyForcibly().waitFor();
        startRouter("second");

        Set<String> wanted = Set.copyOf(jobIds);
        try (KafkaTopicReader outcomes = new KafkaTopicReader(RouterTopics.bootstrap(), Topics.OUTCOMES.name())) {
            await().atMost(RECOVERY).untilAsserted(() -> {
                Map<String, Set<String>> outcomeIds = outcomes.readNow(record -> wanted.contains(record.key()))
                        .stream().map(record -> JsonSerde.instance().read(record.value(), JobOutcome.class))
                        .peek(outcome -> assertThat(outcome).isInstanceOf(JobSucceeded.class))
                        .collect(Collectors.groupingBy(JobOutcome::jobId,
                                Collectors.mapping(JobOutcome::eventId, Collectors.toSet())));
                assertThat(outcomeIds.keySet()).containsExactlyInAnyOrderElementsOf(wanted);
                assertThat(outcomeIds.values()).allSatisfy(ids -> assertThat(ids).hasSize(1));
            });
        }
        working.set(false);
        worker.join();
        assertThat(dispatchIds.values()).allSatisfy(ids -> assertThat(ids).hasSize(1));
    }

    private static void awaitTopics(String... names) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, RouterTopics.bootstrap()))) {
            await().atMost(RECOVERY).until(() -> admin.listTopics().names().get().containsAll(List.of(names)));
        }
    }

    /**
     * The test stands in for alpha's workers: it answers each dispatch decision once, by its id, as the workers'
     * durable request record will (issue #12), and notes every id it saw per job.
     */
    private Thread answerEveryDispatchOnce(Set<String> jobIds, Map<String, Set<String>> dispatchIds) {
        Thread worker = new Thread(() -> {
            Set<String> answered = new HashSet<>();
            try (KafkaTopicReader dispatches = new KafkaTopicReader(RouterTopics.bootstrap(),
                    Topics.dispatch("alpha").name()); RouterTopics results = new RouterTopics()) {
                while (working.get()) {
                    for (var record : dispatches.readNow(record -> jobIds.contains(record.key()))) {
                        AttemptDispatched dispatch = JsonSerde.instance().read(record.value(), AttemptDispatched.class);
                        dispatchIds.computeIfAbsent(dispatch.jobId(), id -> ConcurrentHashMap.newKeySet())
                                .add(dispatch.eventId());
                        if (answered.add(dispatch.eventId())) {
                            results.send(Topics.ATTEMPTS, dispatch.jobId(), dispatch.succeeded(List.of(),
                                    new BigDecimal("0.01"), 5, Instant.now()));
                        }
                    }
                }
            }
        }, "alpha-worker");
        worker.start();
        return worker;
    }

    /** A router in a JVM of its own, with a short session so the survivor need not wait long for the dead one. */
    private Process startRouter(String name) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process router = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                RouterApplication.class.getName(), "--server.port=0",
                "--spring.kafka.bootstrap-servers=" + RouterTopics.bootstrap(),
                "--genpipe.catalog.location=classpath:router-it-catalog.yml",
                "--spring.kafka.streams.properties.session.timeout.ms=6000",
                "--spring.kafka.streams.properties.heartbeat.interval.ms=1000")
                .redirectErrorStream(true)
                .redirectOutput(new File("target/router-crash-" + name + ".log"))
                .start();
        routers.add(router);
        return router;
    }
}
