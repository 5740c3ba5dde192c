package io.genpipe.sink.jobs;

import io.genpipe.access.Caller;
import io.genpipe.sink.BadQuery;
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
 * once it has ended or the wait is over, whichever comes first ({@link JobWaits}). {@code GET /v1/jobs}: the newest
 * jobs the caller sees.
 */
@RestController
class JobController {

    /** The most jobs {@code GET /v1/jobs} lists at once. */
    static final int MAX_RECENT = 100;

    private final JobQueries queries;
    private final RecentJobQueries recent;
    private final JobWaits waits;
    private final FollowSettings follow;

    JobController(JobQueries queries, RecentJobQueries recent, JobWaits waits, FollowSettings follow) {
        this.queries = queries;
        this.recent = recent;
        this.waits = waits;
        this.follow = follow;
    }

    /**
     * {@code GET /v1/jobs[?limit=20][&tenantId=]}: the newest jobs by request time, each with its attempts in short. A
     * tenant's key lists its own; an admin's every tenant's, or the one it names.
     */
    @GetMapping("/v1/jobs")
    RecentJobs recent(@AuthenticationPrincipal Caller caller, @RequestParam(required = false) String limit,
                      @RequestParam(required = false) String tenantId) {
        return recent.newest(caller.tenantScope(tenantId), limit(limit));
    }

    private static int limit(String text) {
        if (text == null || text.isBlank()) {
            return 20;
        }
        try {
            int value = Integer.parseInt(text);
            if (value >= 1 && value <= MAX_RECENT) {
                return value;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw BadQuery.of("limit", text, "a whole number from 1 to " + MAX_RECENT);
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
