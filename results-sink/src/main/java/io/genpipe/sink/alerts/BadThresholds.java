package io.genpipe.sink.alerts;

import io.genpipe.sink.VersionTag;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * What the alert thresholds' admin API refuses, as {@code application/problem+json} with the member at fault named in
 * {@code field} in the API's names (as the budgets' {@code BadBudget} does): 400 for a body or header that breaks its
 * shape, 422 for a primary provider the catalog does not have, 503 when concurrent changes kept taking the next
 * version ({@code If-Match} that is stale or malformed: {@link VersionTag}).
 */
final class BadThresholds extends ErrorResponseException {

    static final String IF_MATCH = VersionTag.IF_MATCH;

    private BadThresholds(HttpStatus status, ProblemDetail problem) {
        super(status, problem, null);
    }

    /** @param field the member at fault ({@code successRate.below}); null when the whole body is */
    static BadThresholds invalid(String field, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setTitle("Invalid alert thresholds");
        if (field != null) {
            problem.setProperty("field", field);
        }
        return new BadThresholds(HttpStatus.BAD_REQUEST, problem);
    }

    /** Follows the body's shape, not the catalog. */
    static BadThresholds refused(String field, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, detail);
        problem.setTitle("Unknown provider");
        problem.setProperty("field", field);
        return new BadThresholds(HttpStatus.UNPROCESSABLE_CONTENT, problem);
    }

    static BadThresholds busy(int attempts) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "The alert thresholds kept changing meanwhile (" + attempts + " tries); GET them and try again");
        problem.setTitle("Alert thresholds busy");
        BadThresholds busy = new BadThresholds(HttpStatus.SERVICE_UNAVAILABLE, problem);
        busy.getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
        return busy;
    }
}
