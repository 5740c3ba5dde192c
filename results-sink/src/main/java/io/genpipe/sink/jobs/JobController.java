package io.genpipe.sink.jobs;

import io.genpipe.access.Caller;
import io.genpipe.sink.NotFound;
import io.genpipe.sink.following.FollowSettings;
import io.genpipe.sink.following.WaitParameter;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * {@code GET /v1/jobs/{jobId}}: a job's status, images, cost and attempts as recorded so far; with {@code ?wait=30s},
 * once it has ended or the wait is over, whichever comes first ({@link JobWaits}).
 */
@RestController
class JobController {

    private final JobQueries queries;
    private final JobWaits waits;
    private final FollowSettings follow;

    JobController(JobQueries queries, JobWaits waits, FollowSettings follow) {
        this.queries = queries;
        this.waits = waits;
        this.follow = follow;
    }

    @GetMapping("/v1/jobs/{jobId}")
    JobView job(@AuthenticationPrincipal Caller caller, @PathVariable String jobId) {
        // Another tenant's job is as unknown as a job that does not exist: a 403 would say it does.
        return queries.find(jobId).filter(job -> caller.sees(job.tenantId())).orElseThrow(() -> NotFound.of("job", "jobId", jobId));
    }

    @GetMapping(value = "/v1/jobs/{jobId}", params = "wait")
    DeferredResult<JobView> jobOnceEnded(@AuthenticationPrincipal Caller caller, @PathVariable String jobId,
                                         @RequestParam String wait) {
        return waits.await(jobId, caller, WaitParameter.parse(wait, follow.longestWait()));
    }
}
