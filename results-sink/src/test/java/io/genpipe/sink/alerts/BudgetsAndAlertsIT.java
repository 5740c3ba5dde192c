package io.genpipe.sink.alerts;

import io.genpipe.contracts.event.AlertCleared;
import io.genpipe.contracts.event.AlertEvent;
import io.genpipe.contracts.event.AlertRaised;
import io.genpipe.contracts.event.AlertRule;
import io.genpipe.contracts.event.BudgetPeriod;
import io.genpipe.contracts.event.FailureClass;
import io.genpipe.contracts.event.SpendScope;
import io.genpipe.contracts.event.SpendSnapshot;
import io.genpipe.contracts.json.JsonSerde;
import io.genpipe.contracts.topic.Topics;
import io.genpipe.sink.JobStory;
import io.genpipe.sink.RunningSink;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static io.genpipe.sink.JobStory.FLUX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Budgets, spend snapshots and alerts on the real broker and PostgreSQL: the sink shared with the other ITs, a tenant
 * and a provider of this class's own, so nothing the others record enters the figures. Snapshots and alerts are read
 * back from {@code genpipe.spend.v1} and {@code genpipe.alerts.v1}; the seed-001 rules are evaluated by calling the
 * evaluator, as its tick does, instead of waiting for the tick.
 */
class BudgetsAndAlertsIT extends RunningSink {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final String TENANT = INFRA.uniqueName("budget-tenant");
    private static final String P = INFRA.uniqueName("alerting");
    private static final List<ConsumerRecord<String, byte[]>> READ = new CopyOnWriteArrayList<>();
    private static KafkaConsumer<String, byte[]> reader;
    private static Thread readerThread;

    @Autowired
    private AlertEvaluator evaluator;

    @Test
    void snapshotsShowWhatWasSpentAndEachBudgetThresholdFiresOnceAsSpendCrossesIt() {
        read();
        HttpResponse<String> negative = put("/v1/admin/budgets/tenant/" + TENANT, "{\"dailyUsd\": -1}");
        assertThat(negative.statusCode()).isEqualTo(400);
        assertThat(json(negative.body()).get("field").asString()).isEqualTo("dailyUsd");
        assertThat(json(put("/v1/admin/budgets/team/" + TENANT, "{\"dailyUsd\": 1}").body()).get("field").asString())
                .isEqualTo("scope");
        HttpResponse<String> set = put("/v1/admin/budgets/tenant/" + TENANT, "{\"dailyUsd\": 1.00}");
        assertThat(set.statusCode()).isEqualTo(200);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String dayKey = SpendSnapshot.key(SpendScope.TENANT, TENANT, BudgetPeriod.DAY, today);
        // A budget set is published at once, without waiting for spend; the reader sees it soon after.
        assertThat(await().atMost(PATIENCE).until(() -> latestSnapshot(dayKey), java.util.Objects::nonNull).budgetUsd())
                .isEqualByComparingTo("1");

        // 30%, 55% (crosses 50), 85% (crosses 80), 105% (crosses 100), 115% (crosses nothing).
        BigDecimal spent = BigDecimal.ZERO;
        for (String cost : List.of("0.30", "0.25", "0.30", "0.20", "0.10")) {
            JobStory story = JobStory.requestedAt(INFRA.uniqueName("job"), TENANT, null,
                    Instant.now().minusSeconds(120));
            story.succeeds(JobStory.OPENAI, JobStory.GPT_IMAGE, cost, 2_000);
            publish(story.requested());
            story.attempts().forEach(RunningSink::publish);
            publish(story.succeeded());
            BigDecimal expected = spent.add(new BigDecimal(cost));
            await().atMost(PATIENCE).until(() -> latestSnapshot(dayKey),
                    s -> s != null && s.spentUsd().compareTo(expected) == 0);
            spent = expected;
        }
        evaluator.evaluate();
        evaluator.evaluate();

        SpendSnapshot last = latestSnapshot(dayKey);
        assertThat(last.unknownCostCalls()).isZero();
        assertThat(last.budgetUsd()).isEqualByComparingTo("1");
        await().atMost(PATIENCE).during(Duration.ofSeconds(1)).until(() -> raised("budget/tenant:" + TENANT).size() == 3);
        assertThat(raised("budget/tenant:" + TENANT)).extracting(a -> a.threshold().stripTrailingZeros().toPlainString())
                .containsExactly("0.5", "0.8", "1");
        assertThat(raised("budget/tenant:" + TENANT)).allSatisfy(a -> {
            assertThat(a.rule()).isEqualTo(AlertRule.BUDGET);
            assertThat(a.scope()).isEqualTo("tenant:" + TENANT);
            assertThat(a.periodStart()).isEqualTo(today);
        });
        assertThat(raised("budget/tenant:" + TENANT).get(2).message()).contains("$1.05", "(105%)", "at least 100%");

        JsonNode budgets = json(get("/v1/budgets").body());
        JsonNode mine = Stream.of(toArray(budgets)).filter(b -> b.get("name").asString().equals(TENANT)).findFirst()
                .orElseThrow();
        assertThat(mine.get("day").get("spentUsd").decimalValue()).isEqualByComparingTo("1.15");
        assertThat(mine.get("day").get("fraction").decimalValue()).isEqualByComparingTo("1.15");
        assertThat(mine.get("month").get("budgetUsd").isNull()).isTrue();
        JsonNode alerts = json(get("/v1/alerts?since=" + Instant.now().minusSeconds(600)).body());
        assertThat(Stream.of(toArray(alerts)).filter(a -> a.get("scope").asString().equals("tenant:" + TENANT)))
                .hasSize(3).allSatisfy(a -> assertThat(a.get("firing").asBoolean()).isTrue());

        // Removing the budget clears its alerts.
        assertThat(delete("/v1/admin/budgets/tenant/" + TENANT).statusCode()).isEqualTo(204);
        evaluator.evaluate();
        await().atMost(PATIENCE).until(() -> cleared("budget/tenant:" + TENANT).size() == 3);
    }

    @Test
    void successRateUnderNinetyPercentFiresOnceAndNotAgainWhileItStaysUnder() {
        read();
        record(15, 5, 20);
        evaluator.evaluate();
        await().atMost(PATIENCE).until(() -> raised("success-rate/provider:" + P).size() == 1);
        AlertRaised alert = raised("success-rate/provider:" + P).get(0);
        assertThat(alert.observed()).isEqualByComparingTo("0.75");
        assertThat(alert.sample()).isEqualTo(20);
        assertThat(alert.window()).isEqualTo(Duration.ofMinutes(10));
        assertThat(alert.message()).contains("15 of 20 attempts", "under 90%");

        record(0, 1, 21);
        evaluator.evaluate();
        evaluator.evaluate();
        assertThat(raised("success-rate/provider:" + P)).as("still under: no second alert").hasSize(1);

        // 55 of 61 is 90.2%: within again.
        record(40, 0, 61);
        evaluator.evaluate();
        await().atMost(PATIENCE).until(() -> cleared("success-rate/provider:" + P).size() == 1);
        assertThat(cleared("success-rate/provider:" + P).get(0).alertId()).isEqualTo(alert.alertId());
        assertThat(raised("success-rate/provider:" + P)).hasSize(1);
    }

    /**
     * Jobs of one attempt each on P, a minute ago: {@code succeeded} succeed, {@code failed} fail; returns once the
     * sink's stats count {@code total} attempts of P in the last 10 minutes.
     */
    private void record(int succeeded, int failed, long total) {
        for (int i = 0; i < succeeded + failed; i++) {
            JobStory story = JobStory.requestedAt(INFRA.uniqueName("job"), "alerts-tenant", null,
                    Instant.now().minusSeconds(60));
            if (i < succeeded) {
                story.succeeds(P, FLUX, "0.003", 1_000);
                publish(story.requested());
                story.attempts().forEach(RunningSink::publish);
                publish(story.succeeded());
            } else {
                story.fails(P, FLUX, FailureClass.RETRYABLE, "0", 1_000);
                publish(story.requested());
                story.attempts().forEach(RunningSink::publish);
                publish(story.failed("no provider left"));
            }
        }
        await().atMost(PATIENCE).until(() -> attemptsOf(P) == total);
    }

    private long attemptsOf(String provider) {
        for (JsonNode row : json(get("/v1/stats?window=10m").body()).get("providers")) {
            if (row.get("provider").asString().equals(provider)) {
                return row.get("attempts").asLong();
            }
        }
        return 0;
    }

    private static JsonNode[] toArray(JsonNode array) {
        List<JsonNode> nodes = new ArrayList<>();
        array.forEach(nodes::add);
        return nodes.toArray(JsonNode[]::new);
    }

    private static SpendSnapshot latestSnapshot(String key) {
        SpendSnapshot latest = null;
        for (ConsumerRecord<String, byte[]> record : READ) {
            if (record.topic().equals(Topics.SPEND.name()) && key.equals(record.key())) {
                latest = JsonSerde.instance().read(record.value(), SpendSnapshot.class);
            }
        }
        return latest;
    }

    private static List<AlertEvent> alerts(String keyPrefix) {
        return READ.stream().filter(r -> r.topic().equals(Topics.ALERTS.name()) && r.key().startsWith(keyPrefix))
                .map(r -> JsonSerde.instance().read(r.value(), AlertEvent.class)).toList();
    }

    private static List<AlertRaised> raised(String keyPrefix) {
        return alerts(keyPrefix).stream().filter(AlertRaised.class::isInstance).map(AlertRaised.class::cast)
                .toList();
    }

    private static List<AlertCleared> cleared(String keyPrefix) {
        return alerts(keyPrefix).stream().filter(AlertCleared.class::isInstance).map(AlertCleared.class::cast)
                .toList();
    }

    /** Reads both topics from their first record, for the whole class. */
    private static synchronized void read() {
        if (reader != null) {
            return;
        }
        reader = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, INFRA.kafkaBootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(Topics.SPEND.name(), Topics.ALERTS.name())) {
            reader.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        reader.assign(partitions);
        reader.seekToBeginning(partitions);
        KafkaConsumer<String, byte[]> consumer = reader;
        readerThread = new Thread(() -> {
            try {
                while (true) {
                    consumer.poll(Duration.ofMillis(200)).forEach(READ::add);
                }
            } catch (WakeupException stopped) {
                consumer.close();
            }
        }, "it-spend-alerts-reader");
        readerThread.setDaemon(true);
        readerThread.start();
    }

    @AfterAll
    static void stopReading() throws InterruptedException {
        if (reader != null) {
            reader.wakeup();
            readerThread.join(2_000);
            reader = null;
        }
    }
}
