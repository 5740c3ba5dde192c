package io.genpipe.sink.budgets;

import io.genpipe.contracts.event.SpendScope;

import java.time.Instant;

/**
 * What is in force for one scope and name, and which version put it there.
 *
 * @param state     the budget in force; null when there is none (never set, or deleted by an admin with none
 *                  configured)
 * @param version   0 while no admin changed it (a configured budget, or none); one more with every change, also the
 *                  ETag
 * @param changedBy the id of the API key that made this version (never the key); null at version 0
 * @param changedAt when; null at version 0
 */
record BudgetInForce(SpendScope scope, String name, BudgetState state, long version, String changedBy,
                     Instant changedAt) {

    boolean exists() {
        return state != null;
    }

    long nextVersion() {
        return version + 1;
    }

    /** As the problems of a change name it: {@code Budget tenant:acme}. */
    String title() {
        return title(scope, name);
    }

    static String title(SpendScope scope, String name) {
        return "Budget " + scope.wireName() + ":" + name;
    }
}
