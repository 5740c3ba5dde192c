package io.genpipe.sink.experiments;

import io.genpipe.sink.Csv;
import io.genpipe.sink.NotFound;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /v1/experiments/{experiment}}: its arms compared, as JSON or CSV. */
@RestController
class ExperimentController {

    private final ExperimentQueries queries;

    ExperimentController(ExperimentQueries queries) {
        this.queries = queries;
    }

    @GetMapping(path = "/v1/experiments/{experiment}", produces = MediaType.APPLICATION_JSON_VALUE)
    ExperimentReport experiment(@PathVariable String experiment) {
        return queries.find(experiment).orElseThrow(() -> NotFound.of("experiment", "experiment", experiment));
    }

    @GetMapping(path = "/v1/experiments/{experiment}", produces = Csv.MEDIA_TYPE)
    ResponseEntity<String> experimentCsv(@PathVariable String experiment) {
        return Csv.response(experiment(experiment).csv());
    }
}
