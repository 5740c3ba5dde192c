package io.genpipe.sink.budgets;

import io.genpipe.contracts.event.BudgetPeriod;
import io.genpipe.contracts.event.SpendScope;
import io.genpipe.contracts.event.SpendSnapshot;
import io.genpipe.contracts.topic.Topic;
import io.genpipe.messaging.EventPublisher;
import io.genpipe.sink.recording.CostsCommitted.BilledDay;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The rounds of spend snapshots: many transactions within an interval cost one round of aggregate queries, and the
 * round that ends the interval says what the database held last. The database and the broker are stood in for by
 * counting subclasses; {@code BudgetsAndAlertsIT} runs the same class on the real ones.
 */
class SpendSnapshotsTest {

    private static final LocalDate DAY = LocalDate.of(2026, 12, 4);
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-04T12:00:00Z"), ZoneOffset.UTC);

    private final Queries queries = new Queries();
    private final Publisher publisher = new Publisher();

    @Test
    void transactionsWithinAnIntervalArePublishedAsOneRoundWithWhatTheDatabaseHeldLast() {
        SpendSnapshots snapshots = snapshots(Duration.ofHours(1));
        snapshots.start();

        queries.spent.set(new BigDecimal("0.10"));
        snapshots.committed(Set.of(new BilledDay("fal", "studio-north", DAY)));
        assertThat(queries.calls).as("the first after a quiet interval: at once, provider and tenant").hasValue(2);
        for (int i = 2; i <= 50; i++) {
            queries.spent.set(new BigDecimal("0.10").multiply(BigDecimal.valueOf(i)));
            snapshots.committed(Set.of(new BilledDay("fal", "studio-north", DAY)));
        }
        assertThat(queries.calls).as("the next 49 wait for the interval's end").hasValue(2);

        snapshots.stop();
        assertThat(queries.calls).as("one round for all 49, published at stop").hasValue(4);
        assertThat(latest(SpendScope.TENANT, "studio-north").spentUsd()).isEqualByComparingTo("5.00");
        assertThat(latest(SpendScope.PROVIDER, "fal").spentUsd()).isEqualByComparingTo("5.00");
    }

    @Test
    void theRoundThatEndsAnIntervalIsPublishedWithoutAnotherTransaction() {
        SpendSnapshots snapshots = snapshots(Duration.ofMillis(200));
        snapshots.start();
        try {
            snapshots.committed(Set.of(new BilledDay("fal", "studio-north", DAY)));
            queries.spent.set(new BigDecimal("0.30"));
            snapshots.committed(Set.of(new BilledDay("openai", "studio-north", DAY)));

            await().atMost(Duration.ofSeconds(5)).until(() -> latest(SpendScope.PROVIDER, "openai") != null);
            assertThat(latest(SpendScope.PROVIDER, "openai").spentUsd()).isEqualByComparingTo("0.30");
            assertThat(latest(SpendScope.TENANT, "studio-north").spentUsd()).isEqualByComparingTo("0.30");
            assertThat(queries.calls).as("fal and the tenant at once; openai and the tenant at the interval's end")
                    .hasValue(4);
        } finally {
            snapshots.stop();
        }
    }

    @Test
    void aRoundTheDatabaseFailsIsTriedAgainAnIntervalLaterWithoutAnotherTransaction() {
        SpendSnapshots snapshots = snapshots(Duration.ofMillis(200));
        snapshots.start();
        try {
            queries.failures.set(1);
            queries.spent.set(new BigDecimal("0.20"));
            snapshots.committed(Set.of(new BilledDay("fal", "studio-north", DAY)));
            assertThat(latest(SpendScope.PROVIDER, "fal")).as("the first try failed").isNull();

            await().atMost(Duration.ofSeconds(5)).until(() -> latest(SpendScope.PROVIDER, "fal") != null);
            assertThat(latest(SpendScope.PROVIDER, "fal").spentUsd()).isEqualByComparingTo("0.20");
        } finally {
            snapshots.stop();
        }
    }

    private SpendSnapshots snapshots(Duration interval) {
        return new SpendSnapshots(queries, new NoBudgets(), publisher,
                new StaticListableBeanFactory().getBeanProvider(SpendObserver.class), CLOCK,
                new BudgetSettings(List.of(), interval));
    }

    private SpendSnapshot latest(SpendScope scope, String name) {
        String key = SpendSnapshot.key(scope, name, BudgetPeriod.DAY, DAY);
        SpendSnapshot latest = null;
        for (SpendSnapshot snapshot : publisher.sent) {
            if (snapshot.key().equals(key)) {
                latest = snapshot;
            }
        }
        return latest;
    }

    /** Answers every scope's month with what {@link #spent} says now, counting the queries. */
    private static final class Queries extends SpendQueries {
        final AtomicInteger calls = new AtomicInteger();
        final AtomicReference<BigDecimal> spent = new AtomicReference<>(BigDecimal.ZERO);
        /** Queries still to fail, as a database that is down fails them. */
        final AtomicInteger failures = new AtomicInteger();

        Queries() {
            super(null);
        }

        @Override
        Map<LocalDate, Spend> month(SpendScope scope, String name, LocalDate anyDayOfMonth) {
            calls.incrementAndGet();
            if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new org.springframework.dao.DataAccessResourceFailureException("database down");
            }
            return Map.of(DAY, new Spend(spent.get(), 0));
        }
    }

    private static final class NoBudgets extends Budgets {
        NoBudgets() {
            super(null);
        }

        @Override
        public List<Budget> all() {
            return List.of();
        }
    }

    private static final class Publisher extends EventPublisher {
        final List<SpendSnapshot> sent = new CopyOnWriteArrayList<>();

        Publisher() {
            super(null);
        }

        @Override
        public <V> CompletableFuture<RecordMetadata> publish(Topic<String, V> topic, String key, V event) {
            sent.add((SpendSnapshot) event);
            return CompletableFuture.completedFuture(null);
        }
    }
}
