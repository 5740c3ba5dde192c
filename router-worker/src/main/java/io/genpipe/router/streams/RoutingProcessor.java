package io.genpipe.router.streams;

import io.genpipe.contracts.event.AttemptResult;
import io.genpipe.contracts.event.JobRequested;
import io.genpipe.messaging.tracing.MessageTracing;
import io.genpipe.router.observed.Observations;
import io.genpipe.router.routing.RoutingSettings;
import io.genpipe.router.tracking.JobState;
import io.genpipe.router.tracking.JobTracker;
import io.genpipe.router.tracking.Step;
import io.genpipe.router.tracking.Tick;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One partition's share of the router: feeds each job, attempt result and tick to {@link JobTracker}, keeps the
 * job's state, its one timer and the waiting set in the stores, and forwards what the step emits. Two timers run on
 * wall-clock time: one publishes a tick for every timer that is due (an attempt past its deadline, a wait that is
 * over) and forgets finished jobs past their retention; the other publishes a retry tick for each waiting job that
 * has a provider again. Ticks come back through the router's own topic, so a decision taken on time is stored and
 * published like any other.
 *
 * <p>Each record is handled in a span of the job's trace ({@link MessageTracing}): what it forwards carries that
 * span's context in its headers, and the timer stores keep it, so a tick, which starts a record of its own, goes on
 * with the job's trace rather than beginning another.
 */
class RoutingProcessor implements Processor<String, Object, String, Object> {

    private static final String SPAN = "genpipe.route";
    private static final String JOB_ID = "genpipe.job.id";

    /** Timers handled per run, so one run never holds the partition for long; the rest wait for the next run. */
    private static final int MAX_TIMERS_PER_RUN = 5_000;

    private final JobTracker tracker;
    private final RoutingSettings settings;
    private final RouterMetrics metrics;
    private final Clock clock;
    private final Observations observations;
    private final MessageTracing tracing;
    /** Ticks published and not yet read back, by job, kind and attempt, so a due timer is published once. */
    private final Set<String> ticksInFlight = new HashSet<>();

    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, JobState> jobs;
    private KeyValueStore<String, String> timers;
    private KeyValueStore<String, String> waiting;

    RoutingProcessor(JobTracker tracker, RoutingSettings settings, RouterMetrics metrics, Clock clock,
                     Observations observations, MessageTracing tracing) {
        this.tracker = tracker;
        this.settings = settings;
        this.metrics = metrics;
        this.clock = clock;
        this.observations = observations;
        this.tracing = tracing;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.jobs = context.getStateStore(RouterStores.JOBS);
        this.timers = context.getStateStore(RouterStores.TIMERS);
        this.waiting = context.getStateStore(RouterStores.WAITING);
        context.schedule(settings.timerInterval(), PunctuationType.WALL_CLOCK_TIME, millis -> fireDueTimers());
        context.schedule(settings.recheckInterval(), PunctuationType.WALL_CLOCK_TIME, millis -> retryWaitingJobs());
    }

    @Override
    public void process(Record<String, Object> record) {
        String jobId = jobIdOf(record.value());
        JobState state = jobs.get(jobId);
        Span span = tracing.handling(SPAN, record.headers(), () -> keptTrace(jobId, state)).tag(JOB_ID, jobId);
        try (Tracer.SpanInScope scope = tracing.inScope(span)) {
            Record<String, Object> traced = record.withHeaders(tracing.headersOf(record.headers(), span));
            route(traced, jobId, state, span);
        } finally {
            span.end();
        }
    }

    private void route(Record<String, Object> record, String jobId, JobState state, Span span) {
        Instant now = clock.instant();
        Object input = record.value();
        String kind = input instanceof JobRequested ? "job" : input instanceof AttemptResult ? "result" : "tick";
        Step step;
        try {
            step = decide(input, state, now);
        } catch (RuntimeException defect) {
            // Every accepted job ends: this one with the defect's words. The exception goes on to DeadLetterHandler,
            // which logs it whole and keeps the record in the DLQ.
            apply(jobId, state, tracker.onDefect(state, input, defect, now), kind, record, span);
            throw defect;
        }
        apply(jobId, state, step, kind, record, span);
    }

    private Step decide(Object input, JobState state, Instant now) {
        if (input instanceof JobRequested job) {
            return tracker.onJob(state, job, now);
        } else if (input instanceof AttemptResult result) {
            return tracker.onResult(state, result, now);
        }
        Tick tick = (Tick) input;
        ticksInFlight.remove(slot(tick));
        return tracker.onTick(state, tick, now);
    }

    private static String jobIdOf(Object input) {
        if (input instanceof JobRequested job) {
            return job.jobId();
        } else if (input instanceof AttemptResult result) {
            return result.jobId();
        } else if (input instanceof Tick tick) {
            return tick.jobId();
        }
        throw new IllegalArgumentException("the router does not read " + input.getClass().getSimpleName());
    }

    /** The job's trace context, kept as the value of its timer: for a record that came without one. */
    private String keptTrace(String jobId, JobState state) {
        return state == null ? null : timers.get(RouterStores.timerKey(state.timerAt(settings), jobId));
    }

    private void apply(String jobId, JobState before, Step step, String input, Record<String, Object> record,
                       Span span) {
        metrics.input(input, step);
        if (step.effect() == Step.Effect.APPLIED) {
            store(jobId, before, step.next(), span);
            if (record.value() instanceof AttemptResult result) {
                observations.record(result);
                context.forward(record.withKey(jobId).withValue(new CountedResult(result)));
            }
        }
        for (Object event : step.emit()) {
            context.forward(record.withKey(jobId).withValue(event));
            if (event instanceof AttemptResult timedOut) {
                observations.record(timedOut);
                context.forward(record.withKey(jobId).withValue(new CountedResult(timedOut)));
            }
        }
    }

    /** The timer stores keep the job's trace context as their value: what a tick carries ({@code ""}: none). */
    private void store(String jobId, JobState before, JobState next, Span span) {
        // Taken only for a step that is stored: a replay or a late result keeps nothing.
        String trace = tracing.traceparent(span);
        String kept = trace == null ? "" : trace;
        if (before != null) {
            timers.delete(RouterStores.timerKey(before.timerAt(settings), jobId));
        }
        jobs.put(jobId, next);
        timers.put(RouterStores.timerKey(next.timerAt(settings), jobId), kept);
        if (next.phase() == JobState.Phase.WAITING) {
            waiting.put(jobId, kept);
        } else if (before != null && before.phase() == JobState.Phase.WAITING) {
            waiting.delete(jobId);
        }
    }

    private void fireDueTimers() {
        Instant now = clock.instant();
        List<KeyValue<String, String>> due = new ArrayList<>();
        try (KeyValueIterator<String, String> it = timers.range("", RouterStores.timersDueBy(now))) {
            while (it.hasNext() && due.size() < MAX_TIMERS_PER_RUN) {
                due.add(it.next());
            }
        }
        for (KeyValue<String, String> timer : due) {
            String key = timer.key;
            String jobId = RouterStores.jobIdOf(key);
            JobState state = jobs.get(jobId);
            if (state == null) {
                timers.delete(key); // the job was forgotten
                continue;
            }
            String current = RouterStores.timerKey(state.timerAt(settings), jobId);
            if (!current.equals(key)) {
                // Set under other settings (a grace or a retention changed since): the job keeps one timer, now at
                // the time these settings give; it fires on a later run if that is due, never is it dropped.
                timers.delete(key);
                timers.put(current, timer.value);
                continue;
            }
            if (state.phase() == JobState.Phase.FINISHED) {
                jobs.delete(jobId);
                timers.delete(key);
                continue;
            }
            tracker.dueTick(state, now).ifPresent(tick -> publish(tick, now, timer.value));
        }
    }

    private void retryWaitingJobs() {
        Instant now = clock.instant();
        long count = 0;
        try (KeyValueIterator<String, String> it = waiting.all()) {
            while (it.hasNext()) {
                KeyValue<String, String> entry = it.next();
                JobState state = jobs.get(entry.key);
                if (state != null) {
                    count++;
                    tracker.retryTick(state, now).ifPresent(tick -> publish(tick, now, entry.value));
                }
            }
        }
        metrics.waiting(context.taskId().toString(), count);
    }

    private void publish(Tick tick, Instant now, String trace) {
        if (ticksInFlight.add(slot(tick))) {
            context.forward(new Record<>(tick.jobId(), tick, now.toEpochMilli(), MessageTracing.headersFor(trace)));
        }
    }

    private static String slot(Tick tick) {
        return tick.jobId() + "/" + tick.kind() + "/" + tick.attempt();
    }

    @Override
    public void close() {
        metrics.taskClosed(context.taskId().toString());
    }
}
