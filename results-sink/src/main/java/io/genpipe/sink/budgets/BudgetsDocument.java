package io.genpipe.sink.budgets;

import io.genpipe.contracts.event.SpendScope;
import io.genpipe.contracts.json.JsonSerde;
import io.genpipe.contracts.json.MessageFormatException;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the budgets' admin API reads: the body of a {@code PUT} ({@link Limits}) and the document of an import, which is
 * the export's ({@code {"budgets": [{"scope": "tenant", "name": "acme", "dailyUsd": 10, "monthlyUsd": null}, ...]}}).
 * Both with the contract's strict serde ({@code "10"} is not a number), and members they do not know (the
 * {@code version}, {@code changedBy}, {@code source} of an answer sent back, the export's {@code exportedAt}) ignored.
 * Every refusal is a {@link BadBudget} (400) naming the field at fault as the document spells it,
 * {@code budgets[2].dailyUsd}.
 */
final class BudgetsDocument {

    /** An import is a handful of budgets; this many is already a mistake. */
    static final int MAX_BUDGETS = 1000;

    private BudgetsDocument() {
    }

    /** The body of a {@code PUT}: either amount may be absent or null (no limit for that period), not both. */
    record Limits(BigDecimal dailyUsd, BigDecimal monthlyUsd) {
    }

    /** The import document as it is read, before it is checked. */
    record Document(List<Entry> budgets) {
    }

    record Entry(String scope, String name, BigDecimal dailyUsd, BigDecimal monthlyUsd) {
    }

    /**
     * One budget an import asks for, checked.
     *
     * @param index where the document lists it, to name its fields ({@link #field})
     */
    record Wanted(int index, SpendScope scope, String name, BigDecimal dailyUsd, BigDecimal monthlyUsd) {

        String field(String member) {
            return "budgets[" + index + "]." + member;
        }
    }

    /** Reads a {@code PUT} body and checks it for that scope and name. */
    static Limits limits(byte[] body, SpendScope scope, String name) {
        Limits limits = read(body, Limits.class);
        refuse(Budget.check(scope, name, limits.dailyUsd(), limits.monthlyUsd()), "");
        return limits;
    }

    /**
     * Reads and checks an import document as a whole: every budget as a {@code PUT} of it would be, and no budget
     * listed twice.
     */
    static List<Wanted> imported(byte[] body) {
        Document document = read(body, Document.class);
        if (document.budgets() == null) {
            throw BadBudget.of("budgets", "budgets is required: a list of {scope, name, dailyUsd, monthlyUsd}");
        }
        if (document.budgets().size() > MAX_BUDGETS) {
            throw BadBudget.of("budgets", "an import may list at most " + MAX_BUDGETS + " budgets, this one lists "
                    + document.budgets().size());
        }
        List<Wanted> wanted = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < document.budgets().size(); i++) {
            Entry entry = document.budgets().get(i);
            String at = "budgets[" + i + "]";
            if (entry == null) {
                throw BadBudget.of(at, at + " must be an object {scope, name, dailyUsd, monthlyUsd}");
            }
            SpendScope scope = entry.scope() == null ? null : SpendScope.fromWireName(entry.scope()).orElse(null);
            if (scope == null) {
                throw BadBudget.of(at + ".scope", "scope must be provider or tenant, was "
                        + (entry.scope() == null ? "absent" : "'" + entry.scope() + "'"));
            }
            refuse(Budget.check(scope, entry.name(), entry.dailyUsd(), entry.monthlyUsd()), at + ".");
            Integer before = seen.putIfAbsent(scope.wireName() + ":" + entry.name(), i);
            if (before != null) {
                throw BadBudget.of(at + ".name", scope.wireName() + " " + entry.name() + " is listed twice (also at"
                        + " budgets[" + before + "])");
            }
            wanted.add(new Wanted(i, scope, entry.name(), entry.dailyUsd(), entry.monthlyUsd()));
        }
        return wanted;
    }

    private static <T> T read(byte[] body, Class<T> type) {
        T read;
        try {
            read = JsonSerde.instance().read(body, type);
        } catch (MessageFormatException e) {
            throw BadBudget.of(e.field(), e.getMessage());
        }
        if (read == null) {
            // The JSON null is valid JSON that says nothing: refused as a body that is not an object.
            throw BadBudget.of(null, "the body must be a JSON object");
        }
        return read;
    }

    private static void refuse(Optional<Budget.Problem> problem, String prefix) {
        problem.ifPresent(p -> {
            throw BadBudget.of(prefix + p.field(), p.detail());
        });
    }
}
