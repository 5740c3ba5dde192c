package io.genpipe.sink.following;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

import java.net.URI;

/** This instance holds as many waiting clients as it may: a 503, to be retried (or to poll without waiting). */
public final class TooManyFollowers extends ErrorResponseException {

    public TooManyFollowers(int max) {
        super(HttpStatus.SERVICE_UNAVAILABLE, problem(max), null);
        getHeaders().set("Retry-After", "1");
    }

    private static ProblemDetail problem(int max) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "This sink instance already holds " + max + " waiting clients; retry, or ask without wait");
        problem.setTitle("Too many waiting clients");
        problem.setType(URI.create("about:blank"));
        return problem;
    }
}
