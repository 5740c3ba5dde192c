package io.genpipe.sink;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * What an admin API of the sink refuses (budgets, alert thresholds), as {@code application/problem+json} naming the
 * member at fault in {@code field}, in the API's own names. Each API's subclass gives the titles; the answers' shape
 * is the same for all. A stale or malformed {@code If-Match} is {@link VersionTag}'s.
 */
public abstract class AdminRefusal extends ErrorResponseException {

    protected AdminRefusal(ProblemDetail problem) {
        super(HttpStatus.valueOf(problem.getStatus()), problem, null);
    }

    /** 400: the body, a header or a query parameter breaks its shape; {@code field} null when the whole body does. */
    protected static ProblemDetail invalidProblem(String title, String field, String detail) {
        return problem(HttpStatus.BAD_REQUEST, title, field, detail);
    }

    /** 422: the body names a provider the catalog does not have (its shape is fine). */
    protected static ProblemDetail unknownProviderProblem(String field, String detail) {
        return problem(HttpStatus.UNPROCESSABLE_CONTENT, "Unknown provider", field, detail);
    }

    /** 404: no such thing. */
    protected static ProblemDetail notFoundProblem(String title, String detail) {
        return problem(HttpStatus.NOT_FOUND, title, null, detail);
    }

    /** 503: concurrent changes kept taking the next version; the caller reads and tries again. */
    protected static ProblemDetail busyProblem(String title, String what, int attempts) {
        return problem(HttpStatus.SERVICE_UNAVAILABLE, title, null,
                what + " kept changing meanwhile (" + attempts + " tries); GET them and try again");
    }

    /** A busy answer says when to try again. */
    protected static <E extends AdminRefusal> E retryAfterASecond(E refusal) {
        refusal.getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
        return refusal;
    }

    private static ProblemDetail problem(HttpStatus status, String title, String field, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        if (field != null) {
            problem.setProperty("field", field);
        }
        return problem;
    }
}
