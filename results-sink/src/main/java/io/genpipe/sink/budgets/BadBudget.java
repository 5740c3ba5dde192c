package io.genpipe.sink.budgets;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * What the budgets' admin API refuses, as {@code application/problem+json} naming the field at fault in the API's
 * names ({@code dailyUsd}; in an import {@code budgets[2].dailyUsd}): 400 for a body or query that breaks its shape,
 * 422 for a provider the catalog does not have, 404 for no budget, 503 when concurrent changes kept taking the next
 * version. A stale or malformed {@code If-Match} is {@link io.genpipe.sink.VersionTag}'s 412 or 400.
 */
final class BadBudget extends ErrorResponseException {

    private BadBudget(HttpStatus status, ProblemDetail problem) {
        super(status, problem, null);
    }

    /** @param field the member at fault; null when the whole body is */
    static BadBudget of(String field, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setTitle("Invalid budget");
        if (field != null) {
            problem.setProperty("field", field);
        }
        return new BadBudget(HttpStatus.BAD_REQUEST, problem);
    }

    /** Follows the body's shape, not the catalog. */
    static BadBudget unknownProvider(String field, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, detail);
        problem.setTitle("Unknown provider");
        problem.setProperty("field", field);
        return new BadBudget(HttpStatus.UNPROCESSABLE_CONTENT, problem);
    }

    static BadBudget unknown(String scope, String name) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "No budget is set for " + scope + " " + name);
        problem.setTitle("Unknown budget");
        return new BadBudget(HttpStatus.NOT_FOUND, problem);
    }

    static BadBudget busy(int attempts) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "The budgets kept changing meanwhile (" + attempts + " tries); GET them and try again");
        problem.setTitle("Budgets busy");
        BadBudget busy = new BadBudget(HttpStatus.SERVICE_UNAVAILABLE, problem);
        busy.getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
        return busy;
    }
}
