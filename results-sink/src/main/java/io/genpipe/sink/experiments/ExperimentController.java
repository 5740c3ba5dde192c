package io.genpipe.sink.experiments;

import io.genpipe.sink.Csv;
import io.genpipe.sink.NotFound;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import io.genpipe.access.Caller;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /v1/experiments/{experiment}}: its arms compared, as JSON or CSV; {@code GET /v1/experiments}: which. */
@RestController
class ExperimentController {

    /** The most experiments {@code GET /v1/experiments} lists. */
    static final int MAX_LISTED = 100;

    private final ExperimentQueries queries;

    ExperimentController(ExperimentQueries queries) {
        this.queries = queries;
    }

    /** The experiments of the caller's jobs (an admin's: every tenant's), the latest first. */
    @GetMapping(path = "/v1/experiments", produces = MediaType.APPLICATION_JSON_VALUE)
    ExperimentList experiments(@AuthenticationPrincipal Caller caller) {
        return queries.list(caller.tenantScope(null), MAX_LISTED);
    }

    @GetMapping(path = "/v1/experiments/{experiment}", produces = MediaType.APPLICATION_JSON_VALUE)
    ExperimentReport experiment(@AuthenticationPrincipal Caller caller, @PathVariable String experiment) {
        // A tenant compares the arms over its own jobs only.
        return queries.find(experiment, caller.tenantScope(null)).orElseThrow(() -> NotFound.of("experiment", "experiment", experiment));
    }

    @GetMapping(path = "/v1/experiments/{experiment}", produces = Csv.MEDIA_TYPE)
    ResponseEntity<String> experimentCsv(@AuthenticationPrincipal Caller caller, @PathVariable String experiment) {
        return Csv.response(experiment(caller, experiment).csv());
    }
}
