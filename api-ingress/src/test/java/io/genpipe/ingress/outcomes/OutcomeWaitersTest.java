package io.genpipe.ingress.outcomes;

import io.genpipe.contracts.event.GenpipeEvent;
import io.genpipe.contracts.event.JobFailed;
import io.genpipe.contracts.event.JobOutcome;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OutcomeWaitersTest {

    private final OutcomeWaiters waiters = new OutcomeWaiters();

    @Test
    void anOutcomeCompletesItsJobsWaiterAndForgetsIt() {
        CompletableFuture<JobOutcome> waiting = waiters.register("job-1");

        waiters.complete("job-1", failed("job-1"));

        assertThat(waiting).isCompletedWithValue(failed("job-1"));
        assertThat(waiters.isWaiting("job-1")).isFalse();
        assertThat(waiters.size()).isZero();
    }

    @Test
    void anOutcomeNobodyWaitsOnIsIgnored() {
        CompletableFuture<JobOutcome> waiting = waiters.register("job-1");

        waiters.complete("job-2", failed("job-2"));

        assertThat(waiting).isNotDone();
        assertThat(waiters.size()).isEqualTo(1);
    }

    @Test
    void removingAWaiterCancelsItAndLeavesNothingBehind() {
        CompletableFuture<JobOutcome> waiting = waiters.register("job-1");

        waiters.remove("job-1");
        waiters.remove("job-1");
        waiters.complete("job-1", failed("job-1"));

        assertThat(waiting).isCancelled();
        assertThat(waiters.size()).isZero();
    }

    @Test
    void aSecondWaiterOnOneJobIsABug() {
        waiters.register("job-1");

        assertThatThrownBy(() -> waiters.register("job-1")).isInstanceOf(IllegalStateException.class);
    }

    private static JobFailed failed(String jobId) {
        Instant at = Instant.parse("2026-12-02T09:00:00Z");
        return new JobFailed(GenpipeEvent.SCHEMA_VERSION, "event-" + jobId, jobId, at, "acme", null, at,
                null, "no provider", List.of(), null);
    }
}
