package io.genpipe.sink.jobs;

import io.genpipe.access.Caller;
import io.genpipe.sink.JobStatus;
import io.genpipe.sink.NotFound;
import io.genpipe.sink.following.FollowTicks;
import io.genpipe.sink.following.TooManyFollowers;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.async.DeferredResult;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@code GET /v1/jobs/{id}?wait=30s}: the request is held, without a thread, until the job ends or the wait does; then
 * it answers as without {@code wait}. Every interval one query asks which waited-for jobs have ended, so any sink
 * instance can hold the wait, whichever recorded the outcome, and a thousand waiting clients cost one query a tick.
 */
@Component
class JobWaits {

    private final JobQueries queries;
    private final FollowTicks ticks;
    private final Map<String, List<Waiter>> waiting = new ConcurrentHashMap<>();

    JobWaits(JobQueries queries, FollowTicks ticks) {
        this.queries = queries;
        this.ticks = ticks;
        ticks.every("job waits", this::check);
    }

    /** The job once it has ended, or as it stands when {@code wait} is over; a 404 if it is still unknown then. */
    DeferredResult<JobView> await(String jobId, Caller caller, Duration wait) {
        Optional<JobView> now = visible(jobId, caller);
        DeferredResult<JobView> result = new DeferredResult<>(Math.max(1, wait.toMillis()));
        if (now.isPresent() && ended(now.get()) || wait.isZero()) {
            result.setResult(now.orElseThrow(() -> NotFound.of("job", "jobId", jobId)));
            return result;
        }
        if (!ticks.admit()) {
            throw new TooManyFollowers(ticks.settings().maxFollowers());
        }
        Waiter waiter = new Waiter(caller, result);
        result.onTimeout(() -> answer(jobId, waiter));
        result.onCompletion(() -> {
            waiting.computeIfPresent(jobId, (id, waiters) -> {
                waiters.remove(waiter);
                return waiters.isEmpty() ? null : waiters;
            });
            ticks.release();
        });
        waiting.computeIfAbsent(jobId, id -> new CopyOnWriteArrayList<>()).add(waiter);
        return result;
    }

    private void check() {
        Set<String> ended = queries.finished(new ArrayList<>(waiting.keySet()));
        for (String jobId : ended) {
            List<Waiter> waiters = waiting.getOrDefault(jobId, List.of());
            waiters.forEach(waiter -> answer(jobId, waiter));
        }
    }

    /** Answers with the job as the caller may see it now: a job of another tenant is as unknown as a missing one. */
    private void answer(String jobId, Waiter waiter) {
        Optional<JobView> job = visible(jobId, waiter.caller());
        if (job.isPresent()) {
            waiter.result().setResult(job.get());
        } else {
            waiter.result().setErrorResult(NotFound.of("job", "jobId", jobId));
        }
    }

    private Optional<JobView> visible(String jobId, Caller caller) {
        return queries.find(jobId).filter(job -> caller.sees(job.tenantId()));
    }

    private static boolean ended(JobView job) {
        return job.status() == JobStatus.SUCCEEDED || job.status() == JobStatus.FAILED;
    }

    private record Waiter(Caller caller, DeferredResult<JobView> result) {
    }
}
