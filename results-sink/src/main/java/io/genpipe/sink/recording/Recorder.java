package io.genpipe.sink.recording;

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
    private final TransactionOperations transactions;
    private final Clock clock;

    Recorder(JobRecords jobs, AttemptRecords attempts, TransactionOperations transactions, Clock clock) {
        this.jobs = jobs;
        this.attempts = attempts;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** The job is visible as QUEUED (unless something later about it was already recorded). */
    public void jobRequested(JobRequested job) {
        jobs.recordRequest(job, JobStatus.QUEUED, clock.instant());
    }

    /** One attempt row, billed once; the job exists and is at least RUNNING. */
    public void attemptFinished(AttemptResult result) {
        transactions.executeWithoutResult(status -> {
            // The job row first: the attempt references it, and the upsert's row lock makes this transaction and
            // the one recording the job's outcome take turns.
            jobs.recordRequest(result.job(), JobStatus.RUNNING, clock.instant());
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
            if (jobs.recordOutcome(outcome, clock.instant())) {
                attempts.recordSummaries(outcome, clock.instant());
                jobs.recomputeCost(outcome.jobId());
            }
        });
    }
}
