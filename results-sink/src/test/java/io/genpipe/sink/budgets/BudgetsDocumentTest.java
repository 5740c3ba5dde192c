package io.genpipe.sink.budgets;

import io.genpipe.contracts.event.SpendScope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.HttpStatus;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the budgets' admin API reads: a {@code PUT} body and an import document, what they refuse by the field at
 * fault (400, nothing decided yet), and what a valid one asks for.
 */
class BudgetsDocumentTest {

    @ParameterizedTest(name = "{0} refused: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            dailyUsd   | {"dailyUsd": -1}
            dailyUsd   | {"dailyUsd": 0}
            dailyUsd   | {"dailyUsd": "10"}
            dailyUsd   | {"dailyUsd": 0.000000001}
            dailyUsd   | {"dailyUsd": 10000000000}
            dailyUsd   | {}
            dailyUsd   | {"dailyUsd": null, "monthlyUsd": null}
            monthlyUsd | {"dailyUsd": 5, "monthlyUsd": -5}
            monthlyUsd | {"monthlyUsd": true}
            """)
    void aPutBodyIsRefusedNamingTheAmountAtFault(String field, String body) {
        assertThatThrownBy(() -> BudgetsDocument.limits(bytes(body), SpendScope.TENANT, "acme"))
                .isInstanceOfSatisfying(BadBudget.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
                    assertThat(e.getBody().getProperties()).containsEntry("field", field);
                });
    }

    @Test
    void aPutBodyThatIsNoObjectIsRefusedAsAWhole() {
        for (String body : new String[] {"", "null", "[1]", "{\"dailyUsd\": 1"}) {
            assertThatThrownBy(() -> BudgetsDocument.limits(bytes(body), SpendScope.TENANT, "acme")).as(body)
                    .isInstanceOfSatisfying(BadBudget.class,
                            e -> assertThat(e.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST));
        }
    }

    @Test
    void aPutBodyIgnoresWhatAGetAnswerAddsAndKeepsTheAmountsAsSaid() {
        BudgetsDocument.Limits limits = BudgetsDocument.limits(bytes("""
                {"scope": "tenant", "name": "acme", "dailyUsd": 12.50, "monthlyUsd": null, "version": 4,
                 "changedBy": "someone", "source": "operator"}"""), SpendScope.TENANT, "acme");

        assertThat(limits.dailyUsd()).isEqualByComparingTo("12.5");
        assertThat(limits.monthlyUsd()).isNull();
    }

    @ParameterizedTest(name = "{0} refused: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            budgets             | {}
            budgets             | {"budgets": null}
            budgets             | {"budgets": {"scope": "tenant"}}
            budgets[0]          | {"budgets": [null]}
            budgets[1].scope    | {"budgets": [{"scope": "tenant", "name": "a", "dailyUsd": 1}, {"scope": "team", "name": "b", "dailyUsd": 1}]}
            budgets[0].scope    | {"budgets": [{"name": "a", "dailyUsd": 1}]}
            budgets[0].name     | {"budgets": [{"scope": "tenant", "name": " ", "dailyUsd": 1}]}
            budgets[0].name     | {"budgets": [{"scope": "tenant", "name": 7, "dailyUsd": 1}]}
            budgets[2].dailyUsd | {"budgets": [{"scope": "tenant", "name": "a", "dailyUsd": 1}, {"scope": "tenant", "name": "b", "dailyUsd": 1}, {"scope": "tenant", "name": "c", "dailyUsd": -3}]}
            budgets[2].dailyUsd | {"budgets": [{"scope": "tenant", "name": "a", "dailyUsd": 1}, {"scope": "tenant", "name": "b", "dailyUsd": 1}, {"scope": "tenant", "name": "c", "dailyUsd": "3"}]}
            budgets[0].dailyUsd | {"budgets": [{"scope": "provider", "name": "fal"}]}
            budgets[0].monthlyUsd | {"budgets": [{"scope": "provider", "name": "fal", "monthlyUsd": 0}]}
            budgets[1].name     | {"budgets": [{"scope": "tenant", "name": "a", "dailyUsd": 1}, {"scope": "tenant", "name": "a", "monthlyUsd": 9}]}
            """)
    void anImportIsRefusedAsAWholeNamingTheFieldAtFaultByItsPlaceInTheDocument(String field, String body) {
        assertThatThrownBy(() -> BudgetsDocument.imported(bytes(body)))
                .isInstanceOfSatisfying(BadBudget.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
                    assertThat(e.getBody().getProperties()).containsEntry("field", field);
                });
    }

    @Test
    void anImportListsTheSameNameTwiceOnlyUnderTwoScopes() {
        List<BudgetsDocument.Wanted> wanted = BudgetsDocument.imported(bytes("""
                {"exportedAt": "2026-12-01T10:00:00Z", "budgets": [
                  {"scope": "tenant", "name": "fal", "dailyUsd": 1, "version": 3, "source": "operator"},
                  {"scope": "provider", "name": "fal", "monthlyUsd": 1000.00, "dailyUsd": null}]}"""));

        assertThat(wanted).containsExactly(
                new BudgetsDocument.Wanted(0, SpendScope.TENANT, "fal", new BigDecimal("1"), null),
                new BudgetsDocument.Wanted(1, SpendScope.PROVIDER, "fal", null, new BigDecimal("1000.00")));
        assertThat(wanted.get(1).field("monthlyUsd")).isEqualTo("budgets[1].monthlyUsd");
    }

    @Test
    void anEmptyImportAsksForNothing() {
        assertThat(BudgetsDocument.imported(bytes("{\"budgets\": []}"))).isEmpty();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
