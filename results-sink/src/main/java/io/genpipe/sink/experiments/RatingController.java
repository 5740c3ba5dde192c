package io.genpipe.sink.experiments;

import io.genpipe.sink.NotFound;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import io.genpipe.access.Caller;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

import java.time.Clock;

/**
 * {@code POST /v1/jobs/{jobId}/rating} with {@code {"rating": "thumbs_up"}} or {@code "thumbs_down"}: what a person
 * thought of a job's images (seed 001), once per job and changeable. Only a job that made images can be rated.
 */
@RestController
class RatingController {

    private final Ratings ratings;
    private final Clock clock;

    RatingController(Ratings ratings, Clock clock) {
        this.ratings = ratings;
        this.clock = clock;
    }

    @PostMapping("/v1/jobs/{jobId}/rating")
    Ratings.RatedJob rate(@AuthenticationPrincipal Caller caller, @PathVariable String jobId,
                          @RequestBody JsonNode body) {
        Rating rating = rating(body);
        String status = ratings.jobStatus(jobId, caller.tenantScope(null)).orElseThrow(() -> NotFound.of("job", "jobId", jobId));
        if (!"SUCCEEDED".equals(status)) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                    "Only a job that made images can be rated; job '" + jobId + "' is " + status);
            problem.setTitle("Job not rateable");
            problem.setProperty("field", "jobId");
            problem.setProperty("status", status);
            throw new ErrorResponseException(HttpStatus.CONFLICT, problem, null);
        }
        return ratings.rate(jobId, rating, clock.instant());
    }

    /** The body's {@code rating}, a string of the closed set: no other type is coerced into one. */
    private static Rating rating(JsonNode body) {
        JsonNode value = body == null || !body.isObject() ? null : body.get("rating");
        if (value == null || value.isNull()) {
            throw invalid("is required: " + Rating.accepted(), null);
        }
        if (!value.isString()) {
            throw invalid("must be a string, " + Rating.accepted(), value.toString());
        }
        return Rating.fromWireName(value.asString())
                .orElseThrow(() -> invalid("must be " + Rating.accepted(), value.asString()));
    }

    private static ErrorResponseException invalid(String what, String given) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "rating " + what
                + (given == null ? "" : "; was " + given));
        problem.setTitle("Invalid rating");
        problem.setProperty("field", "rating");
        return new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
    }
}
