package io.genpipe.ingress.dashboard;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

import java.net.URI;

/**
 * A dashboard read the ingress does not forward to the sink, answered as {@code application/problem+json} naming what
 * is at fault in {@code field}: 404 for a path that is not on the list ({@code field} "path"), 400 for a query
 * parameter the path does not take or takes once ({@code field} the parameter).
 */
final class NotForwarded extends ErrorResponseException {

    private static final URI TYPE = URI.create("https://genpipe.io/problems/not-forwarded");

    private NotForwarded(HttpStatus status, ProblemDetail problem) {
        super(status, problem, null);
    }

    static NotForwarded path(String path) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "The dashboard forwards only "
                + SinkAllowList.describe() + " to the results sink; not '" + path + "'");
        problem.setType(TYPE);
        problem.setTitle("Not a read the dashboard forwards");
        problem.setProperty("field", "path");
        problem.setProperty("value", path);
        return new NotForwarded(HttpStatus.NOT_FOUND, problem);
    }

    static NotForwarded parameter(String name, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setType(TYPE);
        problem.setTitle("Query parameter not forwarded");
        problem.setProperty("field", name);
        return new NotForwarded(HttpStatus.BAD_REQUEST, problem);
    }
}
