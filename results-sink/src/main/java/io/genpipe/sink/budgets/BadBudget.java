package io.genpipe.sink.budgets;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A budget the admin API cannot set, as {@code application/problem+json} naming the field at fault. */
final class BadBudget extends ErrorResponseException {

    private BadBudget(HttpStatus status, ProblemDetail problem) {
        super(status, problem, null);
    }

    static BadBudget of(String field, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setTitle("Invalid budget");
        problem.setProperty("field", field);
        return new BadBudget(HttpStatus.BAD_REQUEST, problem);
    }

    static BadBudget unknown(String scope, String name) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "No budget is set for " + scope + " " + name);
        problem.setTitle("Unknown budget");
        return new BadBudget(HttpStatus.NOT_FOUND, problem);
    }
}
