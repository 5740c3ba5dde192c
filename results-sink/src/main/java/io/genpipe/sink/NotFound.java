package io.genpipe.sink;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A query for something the sink has no record of, answered as RFC 9457 {@code application/problem+json} with
 * the path parameter at fault named in {@code field} and its value in {@code value}.
 */
public final class NotFound extends ErrorResponseException {

    private NotFound(ProblemDetail problem) {
        super(HttpStatus.NOT_FOUND, problem, null);
    }

    /**
     * @param what  for the detail text, e.g. "job"
     * @param field the path parameter at fault, e.g. "jobId"
     * @param value the value that matched nothing
     */
    public static NotFound of(String what, String field, String value) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "No " + what + " with " + field + " '" + value + "' has been recorded");
        problem.setTitle("Unknown " + what);
        problem.setProperty("field", field);
        problem.setProperty("value", value);
        return new NotFound(problem);
    }
}
