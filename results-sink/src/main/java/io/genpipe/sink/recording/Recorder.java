package io.genpipe.sink.recording;

import io.genpipe.contracts.event.AttemptDispatched;
import io.genpipe.contracts.event.AttemptResult;
import io.genpipe.contracts.event.JobOutcome;
import io.genpipe.contracts.event.JobRequested;
import io.genpipe.sink.JobStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionOperations;

import java.time.Clock;

/**
 * Records one event of a job, each in one transaction, so that a crash between two writes leaves nothing half
 * recorded and the redelivery that follows finds either everything or nothing.
 */
@Component
public class Recorder {

    private final JobRecords jobs;
    private final AttemptRecords attempts;
    private final DispatchRecords dispatches;
    private final TransactionOperations transactions;
    private final Clock clock;

    Recorder(JobRecords jobs, AttemptRecords attempts, DispatchRecords dispatches, TransactionOperations transactions,
             Clock clock) {
        this.jobs = jobs;
        this.attempts = attempts;
        this.dispatches = dispatches;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** The job is visible as QUEUED (unless something later about it was already recorded). */
    public void jobRequested(JobRequested job) {
        jobs.recordRequest(job, JobStatus.QUEUED, clock.instant());
    }

    /**
     * What the dispatch said, on the attempt's row (created in flight if its result has not come yet); the job exists
     * and is at least RUNNING. Costs do not change: a dispatch bills nothing.
     *
     * @return whether anything was written (false for a redelivered dispatch)
     */
    public boolean attemptDispatched(AttemptDispatched dispatch) {
        return Boolean.TRUE.equals(transactions.execute(status -> {
            // The job row first, as for results: the attempt references it, and its row lock orders the writers.
            jobs.recordRequest(dispatch.job(), JobStatus.RUNNING, clock.instant());
            jobs.recordExperiment(dispatch.jobId(), dispatch.experiment());
            return dispatches.record(dispatch, clock.instant());
        }));
    }

    /** One attempt row, billed once; the job exists and is at least RUNNING. */
    public void attemptFinished(AttemptResult result) {
        transactions.executeWithoutResult(status -> {
            // The job row first: the attempt references it, and the upsert's row lock makes this transaction and
            // the one recording the job's outcome take turns.
            jobs.recordRequest(result.job(), JobStatus.RUNNING, clock.instant());
            jobs.recordExperiment(result.jobId(), result.experiment());
            attempts.record(result, clock.instant());
            jobs.recomputeCost(result.jobId());
        });
    }

    /**
     * The job's terminal status, unless an earlier outcome already set one, with every attempt it summarises: a
     * reader who sees the job finished sees all its attempts and its whole cost.
     */
    public void jobFinished(JobOutcome outcome) {
        transactions.executeWithoutResult(status -> {
            boolean won = jobs.recordOutcome(outcome, clock.instant());
            jobs.recordExperiment(outcome.jobId(), outcome.experiment());
            if (won) {
                attempts.recordSummaries(outcome, clock.instant());
                jobs.recomputeCost(outcome.jobId());
            }
        });
    }
}
