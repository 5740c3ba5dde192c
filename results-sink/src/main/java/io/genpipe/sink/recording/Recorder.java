package io.genpipe.sink.recording;

import io.genpipe.contracts.event.AttemptDispatched;
import io.genpipe.contracts.event.AttemptResult;
import io.genpipe.contracts.event.JobEvent;
import io.genpipe.contracts.event.JobOutcome;
import io.genpipe.contracts.event.JobRequested;
import io.genpipe.sink.JobStatus;
import io.genpipe.sink.recording.CostsCommitted.BilledDay;
import io.genpipe.sink.webhooks.WebhookOutbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionOperations;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Records events of one kind, many per transaction, so that a crash between two writes leaves nothing half recorded
 * and the redelivery that follows finds either everything or nothing.
 *
 * <p>Each write goes out as one JDBC batch per statement kind, in the events' order, so a transaction of 500 events
 * costs a handful of round trips and one commit. The rows end as if the events had been written one at a time:
 * every statement is an upsert whose effect depends only on the rows of its own job, and a job's events keep their
 * order.
 *
 * <p>The events are written sorted by job id (a stable sort, so each job's events stay in their order). Every write
 * about a job starts with an upsert of its {@code jobs} row, which locks it, and attempts rows are only written for
 * jobs whose row the transaction holds. So the four listeners' transactions all take their locks in the same order
 * and can never deadlock one another.
 *
 * <p>After a transaction that wrote attempt rows has committed, the {@link CostsCommitted} listeners are told which
 * provider and tenant days it touched (the spend snapshots): after the commit, so that they never see spend the
 * database does not hold, and before the offsets are committed, so that a crash in between tells them again.
 */
@Component
public class Recorder {

    private static final Comparator<JobEvent> BY_JOB = Comparator.comparing(JobEvent::jobId);
    private static final Logger log = LoggerFactory.getLogger(Recorder.class);

    private final JobRecords jobs;
    private final AttemptRecords attempts;
    private final CallRecords calls;
    private final DispatchRecords dispatches;
    private final WebhookOutbox webhooks;
    private final TransactionOperations transactions;
    private final Clock clock;
    private final List<CostsCommitted> costListeners;

    /** Without spend listeners: a test's, or a tool's that records without publishing snapshots. */
    Recorder(JobRecords jobs, AttemptRecords attempts, CallRecords calls, DispatchRecords dispatches,
             WebhookOutbox webhooks, TransactionOperations transactions, Clock clock) {
        this(jobs, attempts, calls, dispatches, webhooks, transactions, clock, List.of());
    }

    @Autowired
    Recorder(JobRecords jobs, AttemptRecords attempts, CallRecords calls, DispatchRecords dispatches,
             WebhookOutbox webhooks, TransactionOperations transactions, Clock clock,
             ObjectProvider<CostsCommitted> costListeners) {
        this(jobs, attempts, calls, dispatches, webhooks, transactions, clock,
                costListeners.orderedStream().toList());
    }

    private Recorder(JobRecords jobs, AttemptRecords attempts, CallRecords calls, DispatchRecords dispatches,
                     WebhookOutbox webhooks, TransactionOperations transactions, Clock clock,
                     List<CostsCommitted> costListeners) {
        this.jobs = jobs;
        this.attempts = attempts;
        this.calls = calls;
        this.dispatches = dispatches;
        this.webhooks = webhooks;
        this.transactions = transactions;
        this.clock = clock;
        this.costListeners = costListeners;
    }

    /** Each job is visible as QUEUED (unless something later about it was already recorded). */
    public void jobsRequested(List<JobRequested> requests) {
        jobsRequested(requests, List.of());
    }

    /** @param traceIds per request, the trace id its record carried, or null (or none at all) */
    public void jobsRequested(List<JobRequested> requests, List<String> traceIds) {
        Map<String, String> traces = byJob(requests, JobRequested::jobId, traceIds);
        List<JobRequested> sorted = sortedByJob(requests);
        Instant now = clock.instant();
        transactions.executeWithoutResult(status -> jobs.recordRequests(sorted.stream()
                .map(job -> new JobRecords.Seen(job, JobStatus.QUEUED, traces.get(job.jobId()))).toList(), now));
    }

    /** Each job's first trace id in the list, where its events carried one. */
    private static <E> Map<String, String> byJob(List<E> events, Function<E, String> jobId, List<String> traceIds) {
        Map<String, String> traces = new HashMap<>();
        for (int i = 0; i < traceIds.size() && i < events.size(); i++) {
            if (traceIds.get(i) != null) {
                traces.putIfAbsent(jobId.apply(events.get(i)), traceIds.get(i));
            }
        }
        return traces;
    }

    /**
     * What each dispatch said, on its attempt's row (created in flight if its result has not come yet); the job exists
     * and is at least RUNNING. Costs do not change: a dispatch bills nothing.
     *
     * @return how many dispatches wrote anything (a redelivered dispatch does not)
     */
    public int attemptsDispatched(List<AttemptDispatched> dispatched) {
        List<AttemptDispatched> sorted = sortedByJob(dispatched);
        Instant now = clock.instant();
        Integer written = transactions.execute(status -> {
            jobs.recordRequests(sorted.stream().map(d -> new JobRecords.Seen(d.job(), JobStatus.RUNNING)).toList(), now);
            jobs.recordExperiments(sorted);
            return dispatches.record(sorted, now);
        });
        return written == null ? 0 : written;
    }

    /** One attempt row each, billed once; each job exists and is at least RUNNING, its cost the sum of its rows. */
    public void attemptsFinished(List<AttemptResult> results) {
        List<AttemptResult> sorted = sortedByJob(results);
        Instant now = clock.instant();
        transactions.executeWithoutResult(status -> {
            jobs.recordRequests(sorted.stream().map(r -> new JobRecords.Seen(r.job(), JobStatus.RUNNING)).toList(), now);
            jobs.recordExperiments(sorted);
            calls.record(sorted, attempts.record(sorted, now), now);
            jobs.recomputeCosts(jobIds(sorted));
        });
        Set<BilledDay> billed = new LinkedHashSet<>();
        sorted.forEach(r -> billed.add(new BilledDay(r.provider(), r.job().tenantId(), utcDay(r.occurredAt()))));
        costsCommitted(billed);
    }

    /**
     * Each job's terminal status, unless an earlier outcome already set one, with every attempt it summarises: a
     * reader who sees the job finished sees all its attempts and its whole cost. A job with a callback gets its
     * webhook delivery in the same transaction, so no recorded outcome is ever without it.
     */
    public void jobsFinished(List<JobOutcome> outcomes) {
        jobsFinished(outcomes, List.of());
    }

    /** @param traceIds per outcome, the trace id its record carried, or null (or none at all) */
    public void jobsFinished(List<JobOutcome> outcomes, List<String> traceIds) {
        Map<String, String> traces = byJob(outcomes, JobOutcome::jobId, traceIds);
        List<JobOutcome> sorted = sortedByJob(outcomes);
        Instant now = clock.instant();
        transactions.executeWithoutResult(status -> {
            boolean[] won = jobs.recordOutcomes(sorted, traces, now);
            jobs.recordExperiments(sorted);
            List<JobOutcome> winners = new ArrayList<>();
            for (int i = 0; i < won.length; i++) {
                if (won[i]) {
                    winners.add(sorted.get(i));
                }
            }
            attempts.recordSummaries(winners, now);
            jobs.recomputeCosts(jobIds(winners));
            webhooks.enqueue(winners, now);
        });
        // A summary bills on its outcome's day until the attempt's own event replaces it (AttemptRecords).
        Set<BilledDay> billed = new LinkedHashSet<>();
        sorted.forEach(o -> o.attempts().forEach(a -> billed.add(
                new BilledDay(a.provider(), o.tenantId(), utcDay(o.occurredAt())))));
        costsCommitted(billed);
    }

    private void costsCommitted(Set<BilledDay> billed) {
        if (billed.isEmpty()) {
            return;
        }
        for (CostsCommitted listener : costListeners) {
            try {
                listener.committed(billed);
            } catch (RuntimeException e) {
                // The events are recorded; a listener's failure must not send them round again or to the DLQ.
                log.warn("after recording costs for {} provider/tenant days: {}", billed.size(), e.toString());
            }
        }
    }

    private static LocalDate utcDay(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC);
    }

    public void jobRequested(JobRequested job) {
        jobsRequested(List.of(job));
    }

    /** @return whether anything was written (false for a redelivered dispatch) */
    public boolean attemptDispatched(AttemptDispatched dispatch) {
        return attemptsDispatched(List.of(dispatch)) == 1;
    }

    public void attemptFinished(AttemptResult result) {
        attemptsFinished(List.of(result));
    }

    public void jobFinished(JobOutcome outcome) {
        jobsFinished(List.of(outcome));
    }

    private static <E extends JobEvent> List<E> sortedByJob(List<E> events) {
        List<E> sorted = new ArrayList<>(events);
        sorted.sort(BY_JOB); // List.sort is stable: a job's events keep their order
        return sorted;
    }

    private static Set<String> jobIds(List<? extends JobEvent> events) {
        Set<String> ids = new LinkedHashSet<>();
        events.forEach(event -> ids.add(event.jobId()));
        return ids;
    }
}
