package io.genpipe.contracts.json;

import io.genpipe.contracts.event.AlertCleared;
import io.genpipe.contracts.event.AlertEvent;
import io.genpipe.contracts.event.AlertRaised;
import io.genpipe.contracts.event.AlertRule;
import io.genpipe.contracts.event.BudgetPeriod;
import io.genpipe.contracts.event.SpendScope;
import io.genpipe.contracts.event.SpendSnapshot;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The sink's spend snapshots and alerts, as the routers and operators read them. */
class SpendAndAlertSerdeTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:15:30Z");
    private static final LocalDate DECEMBER = LocalDate.parse("2026-12-01");
    private final JsonSerde serde = JsonSerde.instance();

    @Test
    void aSnapshotSurvivesARoundTripWithItsUnknownCostsAndBudget() {
        SpendSnapshot snapshot = SpendSnapshot.of(SpendScope.TENANT, "studio-north", BudgetPeriod.MONTH, DECEMBER,
                new BigDecimal("12.34500000"), 2, new BigDecimal("50"), NOW);

        String json = serde.writeString(snapshot);

        assertThat(json).contains("\"scope\":\"tenant\"", "\"period\":\"month\"", "\"periodStart\":\"2026-12-01\"",
                "\"spentUsd\":12.345", "\"unknownCostCalls\":2", "\"budgetUsd\":50");
        assertThat(serde.read(json, SpendSnapshot.class)).isEqualTo(snapshot);
        assertThat(snapshot.key()).isEqualTo("tenant:studio-north/month:2026-12-01");
        assertThat(snapshot.fractionOfBudget()).isEqualByComparingTo("0.2469");
    }

    @Test
    void theSameSpendHasTheSameEventIdWhenEverItIsPublished() {
        SpendSnapshot first = SpendSnapshot.of(SpendScope.PROVIDER, "fal", BudgetPeriod.DAY, DECEMBER,
                new BigDecimal("1.5"), 0, null, NOW);
        SpendSnapshot replayed = SpendSnapshot.of(SpendScope.PROVIDER, "fal", BudgetPeriod.DAY, DECEMBER,
                new BigDecimal("1.50000000"), 0, null, NOW.plusSeconds(3600));
        SpendSnapshot more = SpendSnapshot.of(SpendScope.PROVIDER, "fal", BudgetPeriod.DAY, DECEMBER,
                new BigDecimal("1.51"), 0, null, NOW);

        assertThat(replayed.eventId()).isEqualTo(first.eventId());
        assertThat(more.eventId()).isNotEqualTo(first.eventId());
        assertThat(first.budgetUsd()).isNull();
        assertThat(serde.writeString(first)).doesNotContain("budgetUsd");
    }

    @Test
    void aSnapshotThatCannotBeTrueIsRefused() {
        assertThatThrownBy(() -> SpendSnapshot.of(SpendScope.TENANT, "t", BudgetPeriod.MONTH,
                LocalDate.parse("2026-12-02"), BigDecimal.ONE, 0, null, NOW))
                .isInstanceOf(MessageFormatException.class).hasMessageContaining("periodStart");
        assertThatThrownBy(() -> SpendSnapshot.of(SpendScope.TENANT, "t", BudgetPeriod.DAY, DECEMBER,
                new BigDecimal("-1"), 0, null, NOW)).hasMessageContaining("spentUsd");
        assertThatThrownBy(() -> SpendSnapshot.of(SpendScope.TENANT, "t", BudgetPeriod.DAY, DECEMBER,
                BigDecimal.ONE, 0, BigDecimal.ZERO, NOW)).hasMessageContaining("budgetUsd");
        assertThatThrownBy(() -> serde.read("{\"schemaVersion\":1,\"eventId\":\"e\",\"occurredAt\":\"2026-12-01T10:00:00Z\","
                + "\"scope\":\"tenant\",\"name\":\"t\",\"period\":\"day\",\"periodStart\":\"2026-12-01\","
                + "\"unknownCostCalls\":0}", SpendSnapshot.class))
                .isInstanceOf(MessageFormatException.class).hasMessageContaining("spentUsd");
    }

    @Test
    void alertsRoundTripAndNameTheirVariant() {
        AlertRaised raised = new AlertRaised(1, "e-1", NOW, "a-1", AlertRule.SUCCESS_RATE, "provider:fal", null, null,
                new BigDecimal("0.9"), new BigDecimal("0.75"), Duration.ofMinutes(10), 20L,
                "fal: success rate 75% over the last 10m");
        AlertRaised budget = new AlertRaised(1, "e-2", NOW, "a-2", AlertRule.BUDGET, "tenant:studio-north",
                BudgetPeriod.DAY, DECEMBER, new BigDecimal("0.8"), new BigDecimal("0.85"), null, null, "85% of $10");
        AlertCleared cleared = new AlertCleared(1, "e-3", NOW.plusSeconds(600), "a-1", AlertRule.SUCCESS_RATE,
                "provider:fal", null, null, NOW, new BigDecimal("0.95"), "fal: success rate back to 95%");

        for (AlertEvent event : new AlertEvent[]{raised, budget, cleared}) {
            assertThat(serde.read(serde.write(event), AlertEvent.class)).isEqualTo(event);
        }
        assertThat(serde.writeString(raised)).contains("\"type\":\"AlertRaised\"", "\"rule\":\"success-rate\"",
                "\"window\":\"PT10M\"");
        assertThat(raised.key()).isEqualTo("success-rate/provider:fal");
        assertThat(budget.key()).isEqualTo("budget/tenant:studio-north/day:2026-12-01");
        assertThat(cleared.key()).isEqualTo(raised.key());
    }

    @Test
    void anAlertMustSayWhatTripped() {
        assertThatThrownBy(() -> new AlertRaised(1, "e", NOW, "a", AlertRule.SUCCESS_RATE, "fal", null, null,
                BigDecimal.ONE, BigDecimal.ONE, null, null, "m")).hasMessageContaining("scope");
        assertThatThrownBy(() -> new AlertRaised(1, "e", NOW, "a", AlertRule.BUDGET, "tenant:t", null, null,
                BigDecimal.ONE, BigDecimal.ONE, null, null, "m")).hasMessageContaining("period");
        assertThatThrownBy(() -> new AlertRaised(1, "e", NOW, "a", AlertRule.AVERAGE_TIME, "all", BudgetPeriod.DAY,
                DECEMBER, BigDecimal.ONE, BigDecimal.ONE, null, null, "m")).hasMessageContaining("period");
        assertThatThrownBy(() -> new AlertRaised(1, "e", NOW, "a", AlertRule.AVERAGE_TIME, "all", null, null,
                BigDecimal.ONE, BigDecimal.ONE, null, null, " ")).hasMessageContaining("message");
    }
}
