package io.genpipe.sink.jobs;

import io.genpipe.access.Caller;
import io.genpipe.sink.NotFound;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
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
    JobView job(@AuthenticationPrincipal Caller caller, @PathVariable String jobId) {
        // Another tenant's job is as unknown as a job that does not exist: a 403 would say it does.
        return queries.find(jobId).filter(job -> caller.sees(job.tenantId())).orElseThrow(() -> NotFound.of("job", "jobId", jobId));
    }
}
