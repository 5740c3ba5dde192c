package io.genpipe.router.streams;

import io.genpipe.contracts.event.AttemptDispatched;
import io.genpipe.contracts.event.BudgetPeriod;
import io.genpipe.contracts.event.FailureClass;
import io.genpipe.contracts.event.HealthState;
import io.genpipe.contracts.event.ImageParams;
import io.genpipe.contracts.event.JobFailed;
import io.genpipe.contracts.event.JobOutcome;
import io.genpipe.contracts.event.JobRequested;
import io.genpipe.contracts.event.Operation;
import io.genpipe.contracts.event.SpendScope;
import io.genpipe.contracts.event.SpendSnapshot;
import io.genpipe.contracts.json.JsonSerde;
import io.genpipe.contracts.topic.Topics;
import io.genpipe.infra.test.KafkaTopicReader;
import io.genpipe.messaging.spend.SpendView;
import io.genpipe.router.RouterApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.genpipe.router.streams.RouterTopics.WAIT;
import static io.genpipe.router.streams.RouterTopics.appliedJobs;
import static io.genpipe.router.streams.RouterTopics.isWorking;
import static io.genpipe.router.streams.RouterTopics.newJobId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two router instances reserve against one tenant's budget: a dispatch is sent only once the tenant's one ledger has
 * reserved its estimate, so however the jobs are spread over the instances, the attempts in flight never add up to
 * more than the budget, and a result releases its reservation for what the vendor billed. Budgets set on the results
 * sink reach the router with the sink's spend snapshots, and hold tenants and providers to what the sink recorded.
 */
class BudgetRoutingIT {

    /** router-it-catalog.yml: gpt-image-2 at $0.01 per image on alpha and beta. */
    private static final BigDecimal ESTIMATE = new BigDecimal("0.01");

    private final RouterTopics topics = new RouterTopics();
    private final List<ConfigurableApplicationContext> routers = new ArrayList<>();
    private final String tenant = "frugal-" + UUID.randomUUID().toString().substring(0, 8);

    @AfterEach
    void stop() {
        routers.forEach(ConfigurableApplicationContext::close);
        topics.close();
    }

    @Test
    void twoRoutersNeverDispatchMoreThanTheBudgetCoversAndAResultReleasesWhatItDidNotCost() {
        topics.report("alpha", HealthState.UP);
        topics.report("beta", HealthState.UP);
        ConfigurableApplicationContext first = startRouter();
        ConfigurableApplicationContext second = startRouter();
        await().atMost(WAIT).until(() -> isWorking(first) && isWorking(second));

        List<String> jobIds = sendJobs(12);

        Map<String, List<Object>> ended = awaitEach(jobIds);
        List<AttemptDispatched> dispatched = ended.values().stream().flatMap(List::stream)
                .filter(AttemptDispatched.class::isInstance).map(AttemptDispatched.class::cast).toList();
        List<JobFailed> denied = ended.values().stream().flatMap(List::stream)
                .filter(JobFailed.class::isInstance).map(JobFailed.class::cast).toList();
        assertThat(dispatched).hasSize(5); // $0.05 / $0.01
        assertThat(denied).hasSize(7).allSatisfy(failed -> {
            assertThat(failed.failureClass()).isEqualTo(FailureClass.BUDGET_EXHAUSTED);
            assertThat(failed.reason()).contains("tenant " + tenant + "'s budget of $0.05 for ")
                    .contains("reserved for attempts in flight");
        });
        assertThat(appliedJobs(first)).isPositive();
        assertThat(appliedJobs(second)).isPositive();

        // Two attempts cost $0.002 each: $0.004 spent, $0.03 still reserved, so one more fits and a second does not.
        for (AttemptDispatched done : dispatched.subList(0, 2)) {
            topics.send(Topics.ATTEMPTS, done.jobId(), done.succeeded(List.of(), new BigDecimal("0.002"), 500,
                    Instant.now()));
            topics.awaitOutcome(done.jobId());
        }
        List<String> more = sendJobs(2);
        Map<String, List<Object>> moreEnded = awaitEach(more);
        assertThat(moreEnded.values().stream().flatMap(List::stream).filter(AttemptDispatched.class::isInstance))
                .hasSize(1);
        assertThat(moreEnded.values().stream().flatMap(List::stream).filter(JobFailed.class::isInstance))
                .hasSize(1);
    }

    @Test
    void aBudgetSetOnTheSinkHoldsTheTenantToWhatTheSinkRecordedItSpent() {
        topics.report("alpha", HealthState.UP);
        topics.report("beta", HealthState.UP);
        // No budget in the router's configuration: the sink's snapshot says $0.03 this month, $0.015 already billed.
        SpendSnapshot month = SpendSnapshot.of(SpendScope.TENANT, tenant, BudgetPeriod.MONTH,
                BudgetPeriod.MONTH.startOf(LocalDate.now(ZoneOffset.UTC)), new BigDecimal("0.015"), 0,
                new BigDecimal("0.03"), Instant.now());
        topics.send(Topics.SPEND, month.key(), month);
        ConfigurableApplicationContext router = startRouter(List.of());
        await().atMost(WAIT).until(() -> isWorking(router) && router.getBean(SpendView.class)
                .budgeted(SpendScope.TENANT, tenant, BudgetPeriod.MONTH, Instant.now()).isPresent());

        Map<String, List<Object>> ended = awaitEach(sendJobs(3));

        assertThat(ended.values().stream().flatMap(List::stream).filter(AttemptDispatched.class::isInstance))
                .as("$0.015 billed + $0.01 reserved fits $0.03; one more does not").hasSize(1);
        assertThat(ended.values().stream().flatMap(List::stream).filter(JobFailed.class::isInstance)
                .map(JobFailed.class::cast)).hasSize(2).allSatisfy(failed -> {
                    assertThat(failed.failureClass()).isEqualTo(FailureClass.BUDGET_EXHAUSTED);
                    assertThat(failed.reason()).contains("tenant " + tenant + "'s budget of $0.03 for ",
                            "$0.015 spent (as the results sink recorded it)");
                });
    }

    @Test
    void aProviderWhoseBudgetTheSinkSawSpentIsPassedOverWithWhy() {
        topics.report("alpha", HealthState.UP);
        topics.report("beta", HealthState.UP);
        String spent = "alpha";
        SpendSnapshot day = SpendSnapshot.of(SpendScope.PROVIDER, spent, BudgetPeriod.DAY,
                LocalDate.now(ZoneOffset.UTC), new BigDecimal("2.00"), 0, new BigDecimal("2"), Instant.now());
        topics.send(Topics.SPEND, day.key(), day);
        ConfigurableApplicationContext router = startRouter(List.of());
        await().atMost(WAIT).until(() -> isWorking(router) && router.getBean(SpendView.class)
                .budgeted(SpendScope.PROVIDER, spent, BudgetPeriod.DAY, Instant.now()).isPresent());

        try {
            Map<String, List<Object>> ended = awaitEach(sendJobs(3));

            assertThat(ended.values().stream().flatMap(List::stream).map(AttemptDispatched.class::cast))
                    .hasSize(3).allSatisfy(dispatch -> {
                        assertThat(dispatch.provider()).isEqualTo("beta");
                        assertThat(dispatch.route().skipped()).anySatisfy(skip -> {
                            assertThat(skip.provider()).isEqualTo(spent);
                            assertThat(skip.cause()).isEqualTo("over-budget");
                            assertThat(skip.reason()).contains("alpha's budget of $2 for the day of", "is spent");
                        });
                    });
        } finally {
            // The other tests' routers read the same topic: alpha's budget goes with this test.
            topics.delete(Topics.SPEND, day.key());
        }
    }

    private ConfigurableApplicationContext startRouter() {
        return startRouter(List.of("--genpipe.routing.budgets.tenants." + tenant + ".limit-usd=0.05"));
    }

    private ConfigurableApplicationContext startRouter(List<String> budgets) {
        // Arguments, not default properties: router-worker.yml's port would win over those.
        List<String> arguments = new ArrayList<>(List.of("--server.port=0",
                "--spring.kafka.bootstrap-servers=" + RouterTopics.bootstrap(),
                "--genpipe.catalog.location=classpath:router-it-catalog.yml"));
        arguments.addAll(budgets);
        ConfigurableApplicationContext router = RouterApplication.builder().run(arguments.toArray(String[]::new));
        routers.add(router);
        return router;
    }

    private List<String> sendJobs(int count) {
        List<String> jobIds = IntStream.range(0, count).mapToObj(i -> newJobId()).toList();
        jobIds.forEach(jobId -> topics.send(Topics.JOBS, jobId, JobRequested.create(jobId, tenant, null,
                Operation.TEXT_TO_IMAGE, "a lighthouse", ImageParams.defaults(), null, Instant.now())));
        return jobIds;
    }

    /** For each job, its dispatches (on alpha or beta) and its outcome, once every job has one or the other. */
    private Map<String, List<Object>> awaitEach(List<String> jobIds) {
        Set<String> wanted = Set.copyOf(jobIds);
        Map<String, List<Object>> byJob = new java.util.HashMap<>();
        try (KafkaTopicReader alpha = new KafkaTopicReader(RouterTopics.bootstrap(), Topics.dispatch("alpha").name());
             KafkaTopicReader beta = new KafkaTopicReader(RouterTopics.bootstrap(), Topics.dispatch("beta").name());
             KafkaTopicReader outcomes = new KafkaTopicReader(RouterTopics.bootstrap(), Topics.OUTCOMES.name())) {
            await().atMost(WAIT).untilAsserted(() -> {
                byJob.clear();
                for (KafkaTopicReader dispatches : List.of(alpha, beta)) {
                    dispatches.readNow(record -> wanted.contains(record.key())).forEach(record -> byJob
                            .computeIfAbsent(record.key(), key -> new ArrayList<>())
                            .add(JsonSerde.instance().read(record.value(), AttemptDispatched.class)));
                }
                outcomes.readNow(record -> wanted.contains(record.key())).forEach(record -> byJob
                        .computeIfAbsent(record.key(), key -> new ArrayList<>())
                        .add(JsonSerde.instance().read(record.value(), JobOutcome.class)));
                assertThat(byJob.keySet()).containsExactlyInAnyOrderElementsOf(wanted);
            });
        }
        assertThat(byJob.values()).allSatisfy(events -> assertThat(events).hasSize(1));
        return byJob;
    }
}
