package io.genpipe.ingress.outcomes;

import io.genpipe.contracts.event.JobOutcome;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The jobs this ingress instance has a caller waiting on, each with the future its outcome completes. A waiter is
 * registered before its job is published, so an outcome that arrives fast cannot be missed, and is removed by whoever
 * stops waiting (outcome, timeout, client gone), so nothing accumulates.
 */
public class OutcomeWaiters {

    private final Map<String, CompletableFuture<JobOutcome>> waiting = new ConcurrentHashMap<>();

    /**
     * @throws IllegalStateException when someone already waits on that job: ids of jobs created here are fresh
     *                               UUIDs, so a second waiter is a bug, not a caller's mistake
     */
    public CompletableFuture<JobOutcome> register(String jobId) {
        CompletableFuture<JobOutcome> outcome = new CompletableFuture<>();
        if (waiting.putIfAbsent(jobId, outcome) != null) {
            throw new IllegalStateException("already waiting on job " + jobId);
        }
        return outcome;
    }

    /** Whether anyone waits on the job: the reader parses only the records someone waits on. */
    public boolean isWaiting(String jobId) {
        return waiting.containsKey(jobId);
    }

    /** Completes and forgets the job's waiter, if it still has one; a job nobody waits on is ignored. */
    public void complete(String jobId, JobOutcome outcome) {
        CompletableFuture<JobOutcome> waiter = waiting.remove(jobId);
        if (waiter != null) {
            waiter.complete(outcome);
        }
    }

    /** Stops waiting on the job (timed out, client gone, publish failed); harmless when already completed. */
    public void remove(String jobId) {
        CompletableFuture<JobOutcome> waiter = waiting.remove(jobId);
        if (waiter != null) {
            waiter.cancel(false);
        }
    }

    public int size() {
        return waiting.size();
    }
}
