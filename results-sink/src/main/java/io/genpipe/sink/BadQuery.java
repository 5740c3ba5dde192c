package io.genpipe.sink;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A query parameter the sink cannot use, answered as RFC 9457 {@code application/problem+json} with the parameter
 * named in {@code field}, its value in {@code value}, and what would be accepted in the detail.
 */
public final class BadQuery extends ErrorResponseException {

    private BadQuery(ProblemDetail problem) {
        super(HttpStatus.BAD_REQUEST, problem, null);
    }

    /**
     * @param field    the query parameter at fault, e.g. "groupBy"
     * @param value    what was given
     * @param expected what is accepted, e.g. "one of provider, model, tenant, day"
     */
    public static BadQuery of(String field, String value, String expected) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "Query parameter '" + field + "' must be " + expected + "; was '" + value + "'");
        problem.setTitle("Invalid query parameter");
        problem.setProperty("field", field);
        problem.setProperty("value", value);
        return new BadQuery(problem);
    }
}
