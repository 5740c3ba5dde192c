package io.genpipe.sink.jobs;

import io.genpipe.sink.NotFound;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /v1/jobs/{jobId}}: a job's status, images, cost and attempts as recorded so far. */
@RestController
class JobController {

    private final JobQueries queries;

    JobController(JobQueries queries) {
        this.queries = queries;
    }

    @GetMapping("/v1/jobs/{jobId}")
    JobView job(@PathVariable String jobId) {
        return queries.find(jobId).orElseThrow(() -> NotFound.of("job", "jobId", jobId));
    }
}
