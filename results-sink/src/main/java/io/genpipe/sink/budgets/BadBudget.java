package io.genpipe.sink.budgets;

import io.genpipe.sink.AdminRefusal;
import org.springframework.http.ProblemDetail;

/**
 * What the budgets' admin API refuses ({@link AdminRefusal}), naming the field at fault ({@code dailyUsd}; in an
 * import {@code budgets[2].dailyUsd}): 400 for a body or query that breaks its shape, 422 for a provider the catalog
 * does not have, 404 for no budget, 503 when concurrent changes kept taking the next version.
 */
final class BadBudget extends AdminRefusal {

    private BadBudget(ProblemDetail problem) {
        super(problem);
    }

    /** @param field the member at fault; null when the whole body is */
    static BadBudget of(String field, String detail) {
        return new BadBudget(invalidProblem("Invalid budget", field, detail));
    }

    /** Follows the body's shape, not the catalog. */
    static BadBudget unknownProvider(String field, String detail) {
        return new BadBudget(unknownProviderProblem(field, detail));
    }

    static BadBudget unknown(String scope, String name) {
        return new BadBudget(notFoundProblem("Unknown budget", "No budget is set for " + scope + " " + name));
    }

    static BadBudget busy(int attempts) {
        return retryAfterASecond(new BadBudget(busyProblem("Budgets busy", "The budgets", attempts)));
    }
}
